"""A real SMTP server for Shtab's e-mail tests (Debian's python3-aiosmtpd).

serve PORT OUTDIR [REFUSE...]: accept mail on 127.0.0.1:PORT, refuse the RCPT of each REFUSE
address with 550, and for each message write OUTDIR/NNN.eml and OUTDIR/NNN.json (what
parse prints). Prints "ready" once listening; stops when stdin closes. With SINK_DELAY=S in
the environment each message's DATA is answered S seconds late (a slow server).
parse FILE.eml: print JSON: recipients (To), subject, message_id, body text, attachments
(file name, size, first bytes), so a test reads a message as a mail reader would.
"""
import asyncio
import email
import email.policy
import json
import os
import sys


def parse(raw: bytes) -> dict:
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    attachments = []
    body = ""
    for part in msg.walk():
        if part.get_content_disposition() == "attachment":
            data = part.get_payload(decode=True) or b""
            attachments.append(
                {"file_name": part.get_filename(), "size": len(data), "head": data[:2].decode("latin-1"),
                 "content_type": part.get_content_type()}
            )
        elif part.get_content_type() == "text/plain" and not body:
            body = part.get_content()
    return {
        "to": [a.addr_spec for a in msg["To"].addresses] if msg["To"] else [],
        "to_names": [a.display_name for a in msg["To"].addresses] if msg["To"] else [],
        "from": str(msg["From"]),
        "subject": str(msg["Subject"]),
        "message_id": str(msg["Message-ID"]),
        "body": body,
        "attachments": attachments,
    }


class Sink:
    def __init__(self, outdir, refuse):
        self.outdir = outdir
        self.refuse = {r.lower() for r in refuse}
        self.n = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.refuse:
            return "550 5.1.1 <%s>: no such mailbox here" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(float(os.environ.get("SINK_DELAY", "0")))
        self.n += 1
        base = os.path.join(self.outdir, "%03d" % self.n)
        raw = envelope.original_content or envelope.content
        with open(base + ".eml", "wb") as f:
            f.write(raw)
        info = parse(raw)
        info["envelope_to"] = envelope.rcpt_tos
        # Attachments saved beside, so the test opens the .docx as a file.
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        for i, part in enumerate(p for p in msg.walk() if p.get_content_disposition() == "attachment"):
            with open("%s-%d-%s" % (base, i, part.get_filename()), "wb") as f:
                f.write(part.get_payload(decode=True) or b"")
        with open(base + ".json", "w", encoding="utf-8") as f:
            json.dump(info, f, ensure_ascii=False)
        return "250 2.0.0 Message accepted for delivery"


def serve(port, outdir, refuse):
    from aiosmtpd.controller import Controller

    controller = Controller(Sink(outdir, refuse), hostname="127.0.0.1", port=port)
    controller.start()
    print("ready", flush=True)
    sys.stdin.read()
    controller.stop()


if __name__ == "__main__":
    if sys.argv[1] == "serve":
        serve(int(sys.argv[2]), sys.argv[3], sys.argv[4:])
    elif sys.argv[1] == "parse":
        with open(sys.argv[2], "rb") as f:
            print(json.dumps(parse(f.read()), ensure_ascii=False))
