#!/usr/bin/env python3
"""Differential layout check: our include/public/ against Xen 4.17's headers.

Why: a transcription error in an ABI header (a field one slot off, a
constant mistyped) would only show as a guest misbehaving much later.
Here every item is measured twice by the same generated C program, once
compiled against our headers and once against Debian's libxen-dev copy of
Xen's own, and the two outputs are compared line by line.

Items are discovered from our headers, so a new struct or #define is
checked the moment it is written:
  - the size of every struct and union, the offset and size of every
    member (nested named members too, as a.b.c);
  - the value of every object-like #define that is an integer constant.
tests/headers/extra-items.txt adds items by hand (one per line:
"size TYPE", "offset TYPE MEMBER", "const NAME").

An item that does not compile against Xen's headers is a FAIL (a name we
invented or misspelt) unless it is listed in tests/headers/ours-only.txt
with the reason.  Explicit padding members (named _pad*) that Xen leaves
implicit are counted but not failed: the offset of the member after them
and the struct size pin the same bytes.

Output: one "PASS abi:<item>" / "FAIL abi:<item>: why" per item.
"""
import os
import re
import subprocess
import sys
import tempfile

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OURS = os.path.join(TOP, "include")
XEN = os.path.join(TOP, "cache", "libxen-dev", "usr", "include")
HERE = os.path.join(TOP, "tests", "headers")


def public_headers():
    root = os.path.join(OURS, "public")
    out = []
    for d, _, files in os.walk(root):
        for f in files:
            if f.endswith(".h") and f != "abi_check.h":
                out.append(os.path.relpath(os.path.join(d, f), root))
    return sorted(out)


def strip_comments(src):
    src = re.sub(r"/\*.*?\*/", " ", src, flags=re.S)
    return re.sub(r"//[^\n]*", " ", src)


def split_top(body):
    """Split a struct body into its depth-0 declarations."""
    decls, depth, cur = [], 0, ""
    for ch in body:
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        if ch == ";" and depth == 0:
            decls.append(cur.strip())
            cur = ""
        else:
            cur += ch
    return decls


def members(body, prefix=""):
    """Yield dotted member paths of a struct body (no arrays entered)."""
    body = "\n".join(l for l in body.split("\n")
                     if not l.strip().startswith("#"))
    for decl in split_top(body):
        if not decl:
            continue
        if "{" in decl:
            inner = decl[decl.index("{") + 1:decl.rindex("}")]
            tail = decl[decl.rindex("}") + 1:].strip()
            if not tail:        # anonymous member: fields are ours to list
                yield from members(inner, prefix)
                continue
            for part in tail.split(","):
                m = re.match(r"\s*([A-Za-z_]\w*)\s*(\[)?", part)
                if not m:
                    continue
                yield prefix + m.group(1)
                if not m.group(2):
                    yield from members(inner, prefix + m.group(1) + ".")
            continue
        parts = decl.split(",")
        for i, part in enumerate(parts):
            part = re.sub(r"\[[^\]]*\]", "", part).strip()
            if "(" in part:
                continue
            m = re.search(r"([A-Za-z_]\w*)\s*(:\s*\d+)?\s*$", part)
            if m and not m.group(2):
                yield prefix + m.group(1)


def find_types(src):
    """(type-name, body) for each struct/union definition."""
    out = []
    pat = re.compile(r"\b(typedef\s+)?(struct|union)\s*([A-Za-z_]\w*)?\s*\{")
    pos = 0
    while True:
        m = pat.search(src, pos)
        if not m:
            break
        depth, i = 1, m.end()
        while depth and i < len(src):
            depth += {"{": 1, "}": -1}.get(src[i], 0)
            i += 1
        body = src[m.end():i - 1]
        tname = None
        if m.group(3):
            tname = "%s %s" % (m.group(2), m.group(3))
        elif m.group(1):
            t = re.match(r"\s*([A-Za-z_]\w*)", src[i:])
            tname = t.group(1) if t else None
        # only outermost definitions: skip past the body
        if tname and not is_nested(src, m.start()):
            out.append((tname, body))
        pos = i if tname and not is_nested(src, m.start()) else m.end()
    return out


def is_nested(src, at):
    return src[:at].count("{") != src[:at].count("}")


EXPLICIT = set()  # items named in extra-items.txt: must compile on our side


def discover():
    items = []
    seen = set()

    def add(it):
        if it not in seen:
            seen.add(it)
            items.append(it)

    for h in public_headers():
        src = strip_comments(open(os.path.join(OURS, "public", h)).read())
        for name, body in find_types(src):
            add(("size", name, None))
            for mem in members(body):
                add(("offset", name, mem))
                add(("msize", name, mem))
        for m in re.finditer(r"^\s*#\s*define\s+([A-Za-z_]\w*)[ \t]+(\S.*)$",
                             src, flags=re.M):
            add(("const", m.group(1), None))
    extra = os.path.join(HERE, "extra-items.txt")
    for line in open(extra):
        f = line.split("#")[0].split()
        if not f:
            continue
        if f[0] == "size":
            it = ("size", " ".join(f[1:]), None)
        elif f[0] == "offset":
            it = ("offset", " ".join(f[1:-1]), f[-1])
            add(it)
            EXPLICIT.add(it)
            it = ("msize", " ".join(f[1:-1]), f[-1])
        elif f[0] == "const":
            it = ("const", f[1], None)
        else:
            raise RuntimeError("extra-items.txt: bad line: " + line)
        add(it)
        EXPLICIT.add(it)
    return items


def item_name(it):
    kind, a, b = it
    return "%s %s%s" % (kind, a, "." + b if b else "")


def expr(it):
    kind, a, b = it
    if kind == "size":
        return "(unsigned long long)sizeof(%s)" % a
    if kind == "offset":
        return "(unsigned long long)__builtin_offsetof(%s, %s)" % (a, b)
    if kind == "msize":
        return "(unsigned long long)sizeof(((%s *)0)->%s)" % (a, b)
    return "(%s)" % a


# Constants may be integers or strings (XEN_CPUID): print either.
PROLOGUE = r"""
#include <stddef.h>
#include <stdio.h>
#include <stdint.h>
static void pnum(const char *n, unsigned long long v)
{
	printf("%s %llu\n", n, v);
}
static void pstr(const char *n, const char *v)
{
	printf("%s \"%s\"\n", n, v);
}
#define P(n, x) _Generic((x), char *: pstr, const char *: pstr, \
			 default: pnum)(n, x)
"""


def program(items, includes, prefix):
    lines = PROLOGUE.split("\n")
    lines += ['#include <%s%s>' % (prefix, h) for h in includes]
    lines.append("int main(void) {")
    first = len(lines) + 1
    for it in items:
        lines.append('P("%s", %s);' % (item_name(it), expr(it)))
    lines += ["return 0;", "}"]
    return "\n".join(lines) + "\n", first


def measure(items, includes, prefix, cflags):
    """Return ({item: value}, {item: error}) for one set of headers."""
    items = list(items)
    bad = {}
    with tempfile.TemporaryDirectory() as tmp:
        src, exe = os.path.join(tmp, "m.c"), os.path.join(tmp, "m")
        for _ in range(20):
            text, first = program(items, includes, prefix)
            open(src, "w").write(text)
            r = subprocess.run(["cc", "-std=gnu11", "-w", "-fmax-errors=0",
                                "-o", exe, src] + cflags,
                               capture_output=True, text=True)
            if r.returncode == 0:
                break
            lines = set()
            # The probe line of an error is named either in the error
            # itself or in an "in expansion of macro" note under it.
            why = ""
            for m in re.finditer(r"(\S+):(\d+):\d+: (error|note): (.*)",
                                 r.stderr):
                if m.group(3) == "error":
                    why = m.group(4)
                if not m.group(1).endswith("m.c"):
                    continue
                n = int(m.group(2)) - first
                if 0 <= n < len(items):
                    lines.add(n)
                    bad.setdefault(items[n], why)
            if not lines:
                raise RuntimeError("cannot build probe:\n" + r.stderr[:3000])
            items = [it for i, it in enumerate(items) if i not in lines]
        else:
            raise RuntimeError("probe never compiled")
        out = subprocess.run([exe], capture_output=True, text=True,
                             check=True).stdout
    vals = {}
    by_name = {item_name(it): it for it in items}
    for line in out.splitlines():
        m = re.match(r'(.*?) (-?\d+|".*")$', line)
        name, val = m.group(1), m.group(2)
        vals[by_name[name]] = val
    return vals, bad


def ours_only():
    names = {}
    for line in open(os.path.join(HERE, "ours-only.txt")):
        line = line.split("#", 1)
        key = line[0].strip()
        if key:
            names[key] = line[1].strip() if len(line) > 1 else ""
    return names


def main():
    hdrs = public_headers()
    items = discover()
    try:
        ours, obad = measure(items, hdrs, "public/", ["-I", OURS])
    except RuntimeError as e:
        errs = [l for l in str(e).splitlines() if "error:" in l]
        print("FAIL abi-probe: our headers do not build: %s"
              % (errs[0] if errs else str(e))[:300])
        return 0
    # Xen keeps the machine-check names in a header of their own.
    xhdrs = hdrs + ["arch-x86/xen-mca.h"]
    xen, xbad = measure(items, xhdrs, "xen/", ["-I", XEN, "-D__XEN_TOOLS__"])
    allowed = ours_only()
    npass = nfail = nskip = 0
    for it in items:
        name = item_name(it)
        if it in obad and it in EXPLICIT:
            print("FAIL abi:%s: listed in extra-items.txt but does not "
                  "compile against ours (%s)" % (name, obad[it]))
            nfail += 1
            continue
        if it in obad:
            # Not an integer constant on our side (a type, string, or a
            # macro guarded away): nothing to compare.
            nskip += 1
            continue
        if it in xbad:
            last = (it[2] or it[1]).split(".")[-1]
            if name in allowed or it[1] in allowed:
                print("PASS abi:%s (ours only: %s)"
                      % (name, allowed.get(name, allowed.get(it[1]))))
                npass += 1
            elif last.startswith("_pad"):
                nskip += 1
            else:
                print("FAIL abi:%s: not in Xen's headers (%s)"
                      % (name, xbad[it]))
                nfail += 1
            continue
        if ours[it] == xen[it]:
            print("PASS abi:%s = %s" % (name, ours[it]))
            npass += 1
        else:
            print("FAIL abi:%s: ours %s, Xen %s" % (name, ours[it], xen[it]))
            nfail += 1
    print("abi: %d items compared equal, %d differ, %d not comparable"
          % (npass, nfail, nskip))
    return 0


if __name__ == "__main__":
    sys.exit(main())
