#!/usr/bin/env python3
"""A tiny HTTPS upload receiver for running tests/stress/submit_crash.sh against the
https_upload sink by hand (127.0.0.1 only).

    upload_receiver.py FOLDER CERT KEY PORT_FILE

PUT /<anything>/<local id>/<file name> stores the body as FOLDER/<local id>__<file name>;
HEAD on the same path answers 200 when that file exists, else 404. Writes the port it
listens on to PORT_FILE, then serves until killed.
"""
import http.server
import os
import ssl
import sys


class Handler(http.server.BaseHTTPRequestHandler):
    def _target(self):
        parts = self.path.split("?")[0].strip("/").split("/")
        return os.path.join(FOLDER, parts[-2] + "__" + parts[-1])

    def do_PUT(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        target = self._target()
        with open(target + ".part", "wb") as f:
            f.write(body)
        os.replace(target + ".part", target)
        self.send_response(201)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_HEAD(self):
        self.send_response(200 if os.path.exists(self._target()) else 404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


FOLDER, CERT, KEY, PORT_FILE = sys.argv[1:5]
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(CERT, KEY)
server.socket = context.wrap_socket(server.socket, server_side=True)
with open(PORT_FILE, "w") as f:
    f.write(str(server.server_address[1]))
server.serve_forever()
