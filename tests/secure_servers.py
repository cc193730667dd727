"""Loopback infrastructure for the security tests: a local CA and TLS certificate, and a counting proxy.

Certificates are made with the ``cryptography`` package when it is installed, else with the ``openssl``
command; :func:`make_certificates` returns ``None`` when neither is available (the TLS tests then skip).
"""

from __future__ import annotations

import datetime
import ipaddress
import shutil
import socket
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

__all__ = ["Certificates", "ForwardProxy", "forward_proxy", "make_certificates"]


@dataclass(frozen=True)
class Certificates:
    ca: Path
    """The CA certificate (PEM): what ``verify=`` is given."""
    cert: Path
    """The server certificate (for ``127.0.0.1`` and ``localhost``), signed by the CA."""
    key: Path


def make_certificates(
    directory: Path, hosts: tuple[str, ...] = ("127.0.0.1", "localhost")
) -> Certificates | None:
    """A throwaway CA and a server certificate for ``hosts``, written under ``directory``."""
    try:
        return _with_cryptography(directory, hosts)
    except ImportError:
        pass
    if shutil.which("openssl"):
        return _with_openssl(directory, hosts)
    return None


def _with_cryptography(directory: Path, hosts: tuple[str, ...]) -> Certificates:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = datetime.datetime.now(datetime.timezone.utc)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "bandwidth-sdk test CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    names: list[x509.GeneralName] = []
    for host in hosts:
        try:
            names.append(x509.IPAddress(ipaddress.ip_address(host)))
        except ValueError:
            names.append(x509.DNSName(host))
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, hosts[0])]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    paths = Certificates(directory / "ca.pem", directory / "server.pem", directory / "server.key")
    paths.ca.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    paths.cert.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    paths.key.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return paths


def _with_openssl(directory: Path, hosts: tuple[str, ...]) -> Certificates:
    def openssl(*arguments: str) -> None:
        subprocess.run(["openssl", *arguments], cwd=directory, check=True, capture_output=True)

    names = ",".join(f"IP:{host}" if host[0].isdigit() else f"DNS:{host}" for host in hosts)
    (directory / "server.ext").write_text(
        f"subjectAltName={names}\nbasicConstraints=critical,CA:FALSE\nextendedKeyUsage=serverAuth\n"
    )
    curve = ("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes")
    openssl("req", "-x509", *curve, "-keyout", "ca.key", "-out", "ca.pem", "-days", "1",
            "-subj", "/CN=bandwidth-sdk test CA",
            "-addext", "basicConstraints=critical,CA:TRUE,pathlen:0",
            "-addext", "keyUsage=critical,keyCertSign,cRLSign,digitalSignature")  # fmt: skip
    openssl("req", *curve, "-keyout", "server.key", "-out", "server.csr", "-subj", f"/CN={hosts[0]}")
    openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
            "-out", "server.pem", "-days", "1", "-extfile", "server.ext")  # fmt: skip
    return Certificates(directory / "ca.pem", directory / "server.pem", directory / "server.key")


class ForwardProxy:
    """A tiny HTTP forward proxy on loopback that records what it is asked.

    Plain HTTP requests (absolute-form ``GET http://host/path``) are forwarded one per connection;
    ``CONNECT host:port`` opens a blind tunnel (TLS passes through it untouched).
    """

    def __init__(self) -> None:
        self.request_lines: list[str] = []
        self.heads: list[bytes] = []
        """The request head (request line and headers) of everything the proxy was asked."""
        self.tunnelled = bytearray()
        """The bytes clients sent through CONNECT tunnels (TLS records: nothing readable)."""
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.05)
        self.url = f"http://127.0.0.1:{self._listener.getsockname()[1]}"
        self._threads: list[threading.Thread] = []

    def start(self) -> None:
        self._spawn(self._accept_loop)

    def close(self) -> None:
        self._stop.set()
        for thread in list(self._threads):
            thread.join(5)
        self._listener.close()

    def _spawn(self, target: object, *args: object) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True)  # type: ignore[arg-type]
        self._threads.append(thread)
        thread.start()

    def _accept_loop(self) -> None:
        while not self._stop.is_set():
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self._spawn(self._serve, client)

    def _serve(self, client: socket.socket) -> None:
        with suppress(OSError), client:
            client.settimeout(5)
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = client.recv(65536)
                if not chunk:
                    return
                data += chunk
            head, _, rest = data.partition(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            with self._lock:
                self.request_lines.append(lines[0])
                self.heads.append(head)
            method, target, _ = lines[0].split(" ", 2)
            if method == "CONNECT":
                host, _, port = target.rpartition(":")
                with socket.create_connection((host, int(port)), timeout=5) as upstream:
                    client.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
                    if rest:
                        upstream.sendall(rest)
                    self._spawn(self._pipe, upstream, client, False)
                    self._pipe(client, upstream, True)
                return
            parts = urlsplit(target)
            headers = [line for line in lines[1:] if not line.lower().startswith(("connection:", "proxy-"))]
            length = next(
                (
                    int(line.split(":", 1)[1])
                    for line in headers
                    if line.lower().startswith("content-length:")
                ),
                0,
            )
            while len(rest) < length:
                chunk = client.recv(65536)
                if not chunk:
                    return
                rest += chunk
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            forwarded = "\r\n".join(
                [f"{method} {path} HTTP/1.1", *headers, "Connection: close", "", ""]
            ).encode()
            answer = b""
            with socket.create_connection((parts.hostname or "", parts.port or 80), timeout=5) as upstream:
                upstream.sendall(forwarded + rest)
                while chunk := upstream.recv(65536):
                    answer += chunk
            # One request per connection, and the client is told so (it must not reuse a closing connection).
            answer_head, _, body = answer.partition(b"\r\n\r\n")
            kept = [
                line for line in answer_head.split(b"\r\n") if not line.lower().startswith(b"connection:")
            ]
            client.sendall(b"\r\n".join([*kept, b"Connection: close", b"", b""]) + body)

    def _pipe(self, source: socket.socket, sink: socket.socket, record: bool) -> None:
        with suppress(OSError):
            while not self._stop.is_set():
                try:
                    chunk = source.recv(65536)
                except TimeoutError:
                    continue
                if not chunk:
                    break
                if record:
                    with self._lock:
                        self.tunnelled.extend(chunk)
                sink.sendall(chunk)
        with suppress(OSError):
            sink.shutdown(socket.SHUT_WR)


@contextmanager
def forward_proxy() -> Iterator[ForwardProxy]:
    proxy = ForwardProxy()
    proxy.start()
    try:
        yield proxy
    finally:
        proxy.close()
