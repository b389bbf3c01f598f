#!/usr/bin/python3
"""Partial redraws show exactly what whole frames show.

    tests/e2e/frames.py [test]

The kiosk draws a frame as a list of operations and redraws and shows only
the places where it differs from the last frame (kiosk/draw.c, draw_end).
A place it forgot would leave a stale piece of an earlier screen: a
client's answer still shown after Start again, a focus ring left behind.
Each check runs one scripted session (--script) twice under SDL's dummy
video driver, which saves every frame it is shown (SDL_VIDEO_DUMMY_SAVE_FRAMES):
once as the kiosk runs, once with HEARD_WHOLE_FRAMES=1 (test mode: every
frame drawn and shown whole).  The frames, each run's repeats dropped
(a partial frame that changed nothing is not shown at all), must be the
same pictures, pixel for pixel, in the same order.

f-disabled-dashed: a control that cannot be used (Smaller text at the
smallest size) has a dashed border in all three colour schemes.

Ends with "FRAMES: N passed, N failed".  Python standard library only.
"""
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
KIOSK = os.path.join(ROOT, os.environ.get("BUILD", "build"), "heard-kiosk")

# A session touching every screen: languages (Arabic mirrors everything),
# the settings (larger text, colours), focus moving by keys, answers,
# pages, both dialogs, the review, Send, the timeout screen's countdown.
SESSION = """tap lang.es
tap lang.ar
tap lang.pl
tap lang.en
key next
key next
key prev
tap access
tap setting.0.up
tap setting.1
tap access.done
tap start
tap service.0
tap answer.2
key next
key next
key 4
tap back
tap answer.5
tap start_again
tap again.no
key 3
tap skip
tap answer.1
tap answer.1
tap answer.3
idle 130000
idle 5000
idle 5000
tap timeout.more
tap answer.4
tap answer.2
tap answer.5
tap review.more
tap review.more
tap discard
tap again.no
tap send
tap done
tap lang.uk
tap start
tap service.0
tap answer.3
idle 200000
quit
"""

RUNS = [  # (name, size, language-free config lines)
    ("f-partial-equals-whole-800x480", "800x480", "[screen]\nwidth_mm = 154\nheight_mm = 86\n"),
    ("f-partial-equals-whole-1280x800", "1280x800", ""),
    ("f-partial-equals-whole-720x1280", "720x1280", "[screen]\nwidth_mm = 86\nheight_mm = 154\n"),
]


def frames(tmp, name, size, cfg, whole):
    """The run's frames: (file name, sha256) with repeats dropped."""
    d = os.path.join(tmp, "%s-%s" % (name, "whole" if whole else "partial"))
    os.makedirs(d, mode=0o700)
    conf = os.path.join(d, "c.ini")
    with open(conf, "w") as f:
        f.write(cfg)
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy", HEARD_TEST="1",
               SDL_VIDEO_DUMMY_SAVE_FRAMES="1")
    env.pop("HEARD_WHOLE_FRAMES", None)
    if whole:
        env["HEARD_WHOLE_FRAMES"] = "1"
    p = subprocess.run([KIOSK, "--config", conf, "--db", os.path.join(d, "db"), "--windowed", size,
                        "--script", "-"], input=SESSION.encode(), cwd=d, env=env,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300)
    if p.returncode != 0:
        raise RuntimeError("the kiosk exited %d: %s" % (p.returncode, p.stderr.decode()[-400:]))
    out, last = [], None
    for fn in sorted(x for x in os.listdir(d) if x.endswith(".bmp")):
        path = os.path.join(d, fn)
        with open(path, "rb") as f:
            h = hashlib.sha256(f.read()).hexdigest()
        if h != last:
            out.append((path, h))
        else:
            os.unlink(path)
        last = h
    return out


def differ(a, b):
    """How many pixels of two same-sized BMP files differ, and their box."""
    with open(a, "rb") as f:
        x = f.read()
    with open(b, "rb") as f:
        y = f.read()
    off = int.from_bytes(x[10:14], "little")
    w = int.from_bytes(x[18:22], "little", signed=True)
    bpp = int.from_bytes(x[28:30], "little") // 8
    stride = (w * bpp + 3) & ~3
    n, box = 0, None
    for i in range(off, min(len(x), len(y)), bpp):
        if x[i:i + bpp] != y[i:i + bpp]:
            n += 1
            row, col = divmod(i - off, stride)
            col //= bpp
            box = [col, row, col, row] if not box else [min(box[0], col), min(box[1], row),
                                                         max(box[2], col), max(box[3], row)]
    return n, box


def check(tmp, name, size, cfg):
    part = frames(tmp, name, size, cfg, False)
    whole = frames(tmp, name, size, cfg, True)
    if len(whole) < 20:
        return "only %d different frames whole: the session did not run" % len(whole)
    for i, ((pa, ha), (wa, hw)) in enumerate(zip(part, whole)):
        if ha != hw:
            n, box = differ(pa, wa)
            return ("frame %d of %d differs: %d pixels in the box %s (rows from the bottom; %s against %s)"
                    % (i + 1, len(whole), n, box, pa, wa))
    if len(part) != len(whole):
        return "%d different frames drawn in part, %d whole" % (len(part), len(whole))
    print("INFO %s: %d different frames, the same in part and whole" % (name, len(whole)), flush=True)
    return None


def pixel_row(path, y):
    """Row y (from the top) of a BMP file: a list of (r, g, b)."""
    with open(path, "rb") as f:
        x = f.read()
    off = int.from_bytes(x[10:14], "little")
    w = int.from_bytes(x[18:22], "little", signed=True)
    h = int.from_bytes(x[22:26], "little", signed=True)
    bpp = int.from_bytes(x[28:30], "little") // 8
    stride = (w * bpp + 3) & ~3
    row = (h - 1 - y) if h > 0 else y
    base = off + row * stride
    return [(x[base + i * bpp + 2], x[base + i * bpp + 1], x[base + i * bpp]) for i in range(w)]


def check_disabled_dashed(tmp):
    """A control that cannot be used (Smaller text at the smallest size)
    has a dashed border in every colour scheme, not only a grey one: in
    high contrast there is no grey (docs/design.md: colour is never the only cue)."""
    import json
    problems = []
    for scheme in range(3):
        d = os.path.join(tmp, "disabled-%d" % scheme)
        os.makedirs(d, mode=0o700)
        trace = os.path.join(d, "t.jsonl")
        script = "tap access\n" + "tap setting.1\n" * scheme + "idle 500\nquit\n"
        env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy", HEARD_TEST="1",
                   SDL_VIDEO_DUMMY_SAVE_FRAMES="1")
        subprocess.run([KIOSK, "--db", os.path.join(d, "db"), "--windowed", "1280x800", "--trace", trace,
                        "--script", "-"], input=script.encode(), cwd=d, env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)
        with open(trace) as f:
            line = [json.loads(x) for x in f][-1]
        w = next((x for x in line["widgets"] if x["id"] == "setting.0.down"), None)
        if not w or w["state"] != "disabled":
            problems.append("scheme %d: no disabled Smaller text (%s)" % (scheme, w))
            continue
        last = sorted(x for x in os.listdir(d) if x.endswith(".bmp"))[-1]
        row = pixel_row(os.path.join(d, last), w["y"] + 1)[w["x"] + 2:w["x"] + w["w"] - 2]
        changes = sum(1 for a, b in zip(row, row[1:]) if abs(sum(a) - sum(b)) > 150)
        if changes < 4:
            problems.append("scheme %d: Smaller text's top border changes colour %d times along "
                            "its length: not dashed" % (scheme, changes))
    return "; ".join(problems) or None


def main(argv):
    if not os.access(KIOSK, os.X_OK):
        print("FRAMES: 0 passed, 1 failed (no %s: make first)" % KIOSK)
        return 1
    tmp = tempfile.mkdtemp(prefix="heard-frames-")
    passed = failed = 0
    for name, size, cfg in RUNS:
        try:
            why = check(tmp, name, size, cfg)
        except (RuntimeError, subprocess.TimeoutExpired) as e:
            why = str(e)
        if why:
            failed += 1
            print("FAIL %s: %s" % (name, why), flush=True)
        else:
            passed += 1
            print("PASS %s" % name, flush=True)
    try:
        why = check_disabled_dashed(tmp)
    except (OSError, StopIteration, ValueError, subprocess.TimeoutExpired) as e:
        why = str(e)
    if why:
        failed += 1
        print("FAIL f-disabled-dashed: %s" % why, flush=True)
    else:
        passed += 1
        print("PASS f-disabled-dashed", flush=True)
    if failed:
        print("kept the frames in %s" % tmp)
    else:
        shutil.rmtree(tmp, ignore_errors=True)
    print("FRAMES: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
