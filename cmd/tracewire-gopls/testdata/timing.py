#!/usr/bin/env python3
# Times tracewire-gopls's analyses (docs/editors.md, "Cost"): drives the
# server over stdio as an editor would, opens FILE, then appends a comment to
# it EDITS times (default 2), waiting for each analysis. It prints
# tracewire-gopls's log lines, which time each go vet run.
#
#   cd MODULE && python3 timing.py $(which tracewire-gopls) . FILE [EDITS]
import json, subprocess, sys, threading, time, os, re
binp, root, path = sys.argv[1:4]
edits = int(sys.argv[4]) if len(sys.argv) > 4 else 2
p = subprocess.Popen([binp], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=root)
lock = threading.Lock()
done = []
cond = threading.Condition(lock)
def send(msg):
    b = json.dumps(msg).encode()
    p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(b) + b); p.stdin.flush()
def out():
    while True:
        n = None
        while True:
            line = p.stdout.readline()
            if not line: return
            line = line.strip()
            if not line: break
            if line.lower().startswith(b"content-length:"): n = int(line.split(b":")[1])
        m = json.loads(p.stdout.read(n))
        if "method" in m and "id" in m:
            res = None
            if m["method"] == "workspace/configuration": res = [None] * len(m["params"]["items"])
            send({"jsonrpc": "2.0", "id": m["id"], "result": res})
def err():
    for line in p.stderr:
        line = line.decode().rstrip()
        if "tracewire-gopls:" in line:
            print(time.strftime("%H:%M:%S"), line, flush=True)
        if "finished in" in line or "failed after" in line:
            with cond: done.append(line); cond.notify_all()
threading.Thread(target=out, daemon=True).start()
threading.Thread(target=err, daemon=True).start()
uri = "file://" + os.path.abspath(path)
send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": os.getpid(), "rootUri": "file://" + os.path.abspath(root), "capabilities": {"window": {"workDoneProgress": True}}}})
send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
text = open(path).read()
send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": uri, "languageId": "go", "version": 1, "text": text}}})
def wait(n):
    with cond:
        while len(done) < n: cond.wait()
wait(1)
for i in range(edits):
    text += "\n// edit %d\n" % i
    send({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {"textDocument": {"uri": uri, "version": i + 2}, "contentChanges": [{"text": text}]}})
    wait(2 + i)
send({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
time.sleep(1)
send({"jsonrpc": "2.0", "method": "exit"})
p.wait(timeout=30)
