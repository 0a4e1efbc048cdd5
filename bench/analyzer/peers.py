#!/usr/bin/env python3
"""Loopback peers for bench/analyzer/run.sh: an HTTPS origin that answers 200 to any GET, and a
listener that accepts TCP connections and never sends a byte (the endpoints that never answer).

Usage: peers.py CERT KEY PORTS_FILE
Writes "ORIGIN_PORT SILENT_PORT" to PORTS_FILE once both listen, then serves until killed.
Binds 127.0.0.1 only.
"""
import os
import socket
import ssl
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Ok(BaseHTTPRequestHandler):
    def do_GET(self):
        body = b"OK"
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class TlsServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 512

    def __init__(self, cert, key):
        super().__init__(("127.0.0.1", 0), Ok)
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(cert, key)
        self.ctx = ctx

    def get_request(self):
        sock, addr = self.socket.accept()
        # Handshake in the handler thread, not in the accept loop: one slow client must not stall the rest.
        return self.ctx.wrap_socket(sock, server_side=True, do_handshake_on_connect=False), addr

    def finish_request(self, request, client_address):
        request.settimeout(30)
        try:
            request.do_handshake()
        except (OSError, ssl.SSLError):
            return
        super().finish_request(request, client_address)


def silent_listener():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen(512)
    held = []

    def accept_forever():
        while True:
            conn, _ = s.accept()
            held.append(conn)  # keep it open, say nothing

    threading.Thread(target=accept_forever, daemon=True).start()
    return s.getsockname()[1]


def main():
    cert, key, ports_file = sys.argv[1:4]
    origin = TlsServer(cert, key)
    silent_port = silent_listener()
    with open(ports_file + ".tmp", "w") as f:
        f.write(f"{origin.server_address[1]} {silent_port}\n")
    os.replace(ports_file + ".tmp", ports_file)
    origin.serve_forever()


if __name__ == "__main__":
    main()
