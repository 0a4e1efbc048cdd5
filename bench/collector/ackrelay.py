"""A TCP relay between the sensor and the collector that times each batch's acknowledgement.

It sees only TLS records, but uploads are HTTP/1.1 without pipelining on kept-alive connections:
a burst from the sensor is one request, and the first bytes back are its answer. Each exchange is
appended to the log as "<end time> <seconds> <request bytes>"; the script keeps those over 2 kB
(batches, not handshake messages) and drops the first of each connection (it carries the TLS
handshake, and a TLS 1.3 session ticket can arrive before the answer).
Usage: ackrelay.py LISTEN_PORT TARGET_PORT LOG
"""
import socket, sys, threading, time

listen_port, target_port, log_path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
log = open(log_path, "a", buffering=1)
lock = threading.Lock()


def serve(client):
    server = socket.create_connection(("127.0.0.1", target_port))
    for s in (client, server):
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    state = {"start": None, "bytes": 0, "n": 0}

    def up():  # sensor -> collector
        try:
            pump_up()
        except OSError:
            pass

    def down():  # collector -> sensor
        try:
            pump_down()
        except OSError:
            pass

    def pump_up():
        while data := client.recv(1 << 16):
            with lock:
                if state["start"] is None:
                    state["start"], state["bytes"] = time.time(), 0
                state["bytes"] += len(data)
            server.sendall(data)
        server.shutdown(socket.SHUT_WR)

    def pump_down():
        while data := server.recv(1 << 16):
            with lock:
                if state["start"] is not None:
                    now = time.time()
                    state["n"] += 1
                    log.write(f"{now:.6f} {now - state['start']:.6f} {state['bytes']} {state['n']}\n")
                    state["start"] = None
            client.sendall(data)
        client.shutdown(socket.SHUT_WR)

    threads = [threading.Thread(target=f, daemon=True) for f in (up, down)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    client.close()
    server.close()


ls = socket.socket()
ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
ls.bind(("127.0.0.1", listen_port))
ls.listen(64)
while True:
    c, _ = ls.accept()
    def _run(c=c):
        try:
            serve(c)
        except OSError:
            c.close()
    threading.Thread(target=_run, daemon=True).start()
