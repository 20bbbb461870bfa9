"""Issue 20's measurements: `python3 scripts/measure-trust.py plan 100000` (a plan import of N
rows) or `... backup` (a backup of a 100,000-task demo), each beside a writer committing every
0.1 s, printing the writer's longest wait. SHTAB names the binary (a test-tools build, for the
test login: `cargo build --features test-tools`); WORK the scratch folder."""
import subprocess, time, threading, os, sqlite3, sys
B = os.environ.get("SHTAB", "target/debug/shtab")
W = os.environ.get("WORK", "target/tmp/trust-measure")
os.makedirs(W, exist_ok=True)
env = dict(os.environ, SHTAB_TEST_LOGIN="sec", HOME=W)
def fresh(path, scale):
    for f in [path, path + "-wal", path + "-shm"]:
        if os.path.exists(f): os.remove(f)
    subprocess.run([B, "demo", "--db", path, "--scale", str(scale)], env=env, capture_output=True, check=True)
def writer(db, stop, every=0.1):
    """Commits every 0.1 s, as the issue's writer; records how long each waited."""
    c = sqlite3.connect(db, timeout=30, isolation_level=None)
    for name, n in [("shtab_audit_on", 0), ("shtab_importing", 0), ("shtab_now", 0), ("shtab_user", 0)]:
        c.create_function(name, n, lambda *a: 0 if name.endswith("on") else "w")
    c.create_function("shtab_chain", 9, lambda *a: "")
    c.create_function("shtab_audit_on", 0, lambda: 0)
    waits = []
    i = 0
    while not stop.is_set():
        t = time.time()
        c.execute("BEGIN IMMEDIATE")
        c.execute("INSERT INTO setting(key, value) VALUES ('w', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", (str(i),))
        c.execute("COMMIT")
        waits.append(time.time() - t); i += 1
        time.sleep(every)
    return waits
def run(args, db):
    stop = threading.Event(); out = {}
    t = threading.Thread(target=lambda: out.setdefault("w", writer(db, stop))); t.start()
    time.sleep(0.5)
    s = time.time(); r = subprocess.run([B] + args, capture_output=True, text=True, env=env); d = time.time() - s
    stop.set(); t.join()
    w = out["w"]
    return d, r, len(w), max(w)
what = sys.argv[1]
if what == "plan":
    n = int(sys.argv[2])
    db = os.path.join(W, "plan.db"); fresh(db, 50)
    csv = os.path.join(W, "plan%d.csv" % n)
    with open(csv, "w") as f:
        f.write("number,section,title,deadline,progress\n")
        for i in range(n):
            f.write(f"{100 + i//1000}.{i%1000 + 1},Секция {i%50},Иш-чара {i},2027-01-15,{i%100}\n")
    d, r, k, m = run(["plan", "import", "--db", db, csv], db)
    print("plan import %d rows beside a writer committing every 0.1 s: %.1f s; %s; writer: %d commits, longest wait %.2f s" % (n, d, (r.stdout + r.stderr).strip()[-80:], k, m))
else:
    db = os.path.join(W, "big.db")
    if not os.path.exists(db):
        fresh(db, 100000)
    s = time.time(); r = subprocess.run([B, "backup", "--db", db], capture_output=True, text=True, env=env)
    print("backup alone (%.0f MB): %.2f s %s" % (os.path.getsize(db)/1e6, time.time() - s, r.stderr.strip()))
    d, r, k, m = run(["backup", "--db", db], db)
    print("backup beside a writer committing every 0.1 s: %.2f s %s; writer: %d commits, longest wait %.2f s" % (d, r.stderr.strip(), k, m))
