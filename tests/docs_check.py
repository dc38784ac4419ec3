"""Reading the docs the way tests/groups/docs.py checks them.

Two jobs:
  * cited(): every file path, link and function name a page cites, with the
    page and line it is on; problems(): those that point at nothing.
    A citation is, in the prose (code blocks hold program output and
    examples, not citations):
      - a code span that is a path starting with a top-level name of the
        repository (`kernel/main.c`, `arch/x86_64/trap/idt.c:12`, globs and
        the placeholders NAME, PROG, KIND allowed): the file must exist and
        have that line;
      - a relative link: the file must exist, and a #heading must be one
        of its headings;
      - a code span `name()` or `name(args)`: a C function or function-like
        macro (a maker macro's pasted names too), a NASM label, a Python
        def or class, a gdb or shell function must define it, or it must be
        one of anvil's system calls.
    And a quoted `KERNEL PANIC at FILE:LINE: message`, in code blocks too:
    that line must still be the panic() call that prints the message.
    Linux's paths and functions that pages compare with are listed below
    (OTHER_TREES, OTHER_FUNCTIONS), each with whose it is.
  * marked_blocks(): the code blocks a how-to marks for its test, so the
    test applies exactly the code the reader is told to write.

A how-to marks a block with an HTML comment on the line before its fence
(invisible on the rendered page):

    <!-- docs-test: create user/args.c -->           the block is the whole file
    <!-- docs-test: append kernel/sys_proc.c -->     added at the end of the file
    <!-- docs-test: after kernel/syscall.c: TEXT --> added after the one line holding TEXT
    <!-- docs-test: output -->                       each line must be in the serial log
"""

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# ---------------------------------------------------------------------------
# The pages and what they cite
# ---------------------------------------------------------------------------

FENCE = re.compile(r"^\s*(```|~~~)")
CODE_SPAN = re.compile(r"`([^`\n]+)`")
LINK = re.compile(r"\]\(([^)\s]+)\)")
# A path as pages write it: top/more/file.ext, maybe a glob, maybe :LINE or :A-B.
PATH = re.compile(r"^(?P<path>[\w.-]+(?:/[\w.*-]+)*/?)(?::(?P<line>\d+)(?:-(?P<end>\d+))?)?$")
# A function as pages write it: name() or name(simple, args).
FUNCTION = re.compile(r"^(?P<name>[A-Za-z_]\w*)\((?P<args>[^()]*)\)$")
NOT_FUNCTIONS = {"sizeof", "alignof", "typeof", "offsetof", "asm", "__asm__", "defined",
                 "if", "for", "while", "switch", "return"}
# Words the reader fills in, as in `drivers/NAME.c` or `tests/host/NAME_test.c`.
PLACEHOLDER = re.compile(r"(?<![A-Za-z])(?:NAME|PROG|KIND)(?![A-Za-z])")
# Paths in Linux's tree that the pages compare with: anvil has arch/x86_64/,
# never arch/x86/, and no tools/testing/.
OTHER_TREES = ("arch/x86/", "tools/testing/")
# Functions the pages cite that are not anvil's, and whose they are.
OTHER_FUNCTIONS = {
    "kernel_fpu_begin": "Linux", "kernel_fpu_end": "Linux",
    "enter_from_user_mode": "Linux", "syscall_enter_from_user_mode": "Linux",
    "copy_page_range": "Linux", "unmap_page_range": "Linux",
    "pgd_addr_end": "Linux", "dup_mmap": "Linux",
    "options": "Rust's asm! (the article's comparison)",
    "AT": "the linker script language",
    "fn": "trap_catch()'s parameter",
}


def tracked_files(root=ROOT):
    """The repository's files (git's list, so build output never counts)."""
    out = subprocess.run(["git", "ls-files", "-z"], cwd=root, capture_output=True,
                         text=True, check=True).stdout
    return [p for p in out.split("\0") if p]


def pages(root=ROOT):
    """README.md and every page under docs/, as paths relative to root."""
    return sorted(p for p in tracked_files(root)
                  if p == "README.md" or (p.startswith("docs/") and p.endswith(".md")))


@dataclass
class Citation:
    page: str        # e.g. docs/tour.md
    line: int        # 1-based
    kind: str        # "path", "link" or "function"
    text: str        # as written
    target: str      # the repository path (path, link) or the function's name

    def where(self):
        return f"{self.page}:{self.line}"


def prose_lines(text):
    """(line number, line) outside fenced and indented code blocks: the
    samples in those are program output, not citations."""
    in_fence = False
    for n, line in enumerate(text.split("\n"), 1):
        if FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence or line.startswith("    ") or line.startswith("\t"):
            continue
        yield n, line


def cited(root=ROOT):
    """Every Citation in every page."""
    tops = top_names(root)
    found = []
    for page in pages(root):
        found += citations_in(page, (root / page).read_text(), tops)
    return found


# A panic as the kernel prints it, quoted in a sample: the file and line must
# still be the panic() call whose message it is.
PANIC_SAMPLE = re.compile(r"KERNEL PANIC at (?P<path>[\w/.-]+):(?P<line>\d+): (?P<msg>.*)$")


def panic_samples(page, text):
    found = []
    for n, line in enumerate(text.split("\n"), 1):
        m = PANIC_SAMPLE.search(line)
        if m:
            found.append(Citation(page, n, "panic", m.group(0), m.group("path")))
    return found


def panic_problem(root, c):
    """Why a quoted panic's file:line is not where that message is made, or None."""
    m = PANIC_SAMPLE.match(c.text)
    path, line, msg = root / m.group("path"), int(m.group("line")), m.group("msg")
    if not path.is_file():
        return f"{m.group('path')}: no such file"
    lines = path.read_text(errors="replace").split("\n")
    call = "\n".join(lines[line - 1:line + 3]) if line <= len(lines) else ""
    fm = re.match(r'\s*(?:panic|BUG_ON|BUG)\w*\(\s*((?:"(?:[^"\\]|\\.)*"\s*)+)', call)
    if not fm:
        return f"{m.group('path')}:{line} is not a panic() call (the sample is out of date)"
    fmt = "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', fm.group(1)))
    # The format with each conversion (%lx, %s, %d...) standing for any word.
    pattern = "".join(r"\S+" if piece.startswith("%") else re.escape(piece)
                      for piece in re.split(r"(%[-0-9.]*[lhz]*[a-z])", fmt))
    if not re.fullmatch(pattern, msg.rstrip()):
        return f"{m.group('path')}:{line} prints {fmt!r}, not the sample's {msg!r}"
    return None


def top_names(root=ROOT):
    """The repository's top-level files and folders, but build/ (output)."""
    return {p.split("/")[0] for p in tracked_files(root)} - {"build"}


def citations_in(page, text, tops):
    """The Citations in one page's text."""
    found = []
    for n, line in prose_lines(text):
        for span in CODE_SPAN.findall(line):
            found += span_citations(page, n, span.strip(), tops)
        for target in LINK.findall(line):
            if re.match(r"^[a-z]+:", target):
                continue                      # a web address
            rel = (Path(page).parent / target.split("#")[0]).as_posix() \
                if not target.startswith("#") else page
            found.append(Citation(page, n, "link", target, normalise(rel)))
    return sorted(found + panic_samples(page, text), key=lambda c: c.line)


def span_citations(page, n, span, tops):
    m = PATH.match(span)
    if m and "/" in m.group("path") and m.group("path").split("/")[0] in tops:
        if not any(m.group("path").startswith(p) for p in OTHER_TREES):
            return [Citation(page, n, "path", span, span)]
        return []
    m = FUNCTION.match(span)
    if m and m.group("name") not in NOT_FUNCTIONS and not re.match(r"^[1-8]$", m.group("args")):
        return [Citation(page, n, "function", span, m.group("name"))]   # not timeout(1)
    return []


def heading_anchors(text):
    """The anchors GitHub gives a page's headings: lower case, markup and
    punctuation dropped, spaces as '-'; a repeated one gets -1, -2, ..."""
    anchors, seen = set(), {}
    for _, line in prose_lines(text):
        m = re.match(r"^#{1,6}\s+(.*?)\s*#*\s*$", line)
        if not m:
            continue
        title = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", m.group(1))   # [text](link) -> text
        slug = re.sub(r"[^\w\- ]", "", title.lower()).replace(" ", "-")
        anchors.add(slug if slug not in seen else f"{slug}-{seen[slug]}")
        seen[slug] = seen.get(slug, 0) + 1
    return anchors


def normalise(path):
    """a/b/../c -> a/c; a path above the repository keeps its leading '..'."""
    parts = []
    for part in path.split("/"):
        if part in ("", "."):
            continue
        if part == ".." and parts and parts[-1] != "..":
            parts.pop()
        else:
            parts.append(part)
    return "/".join(parts)


def path_problem(root, c):
    """Why Citation c (a path or a link) points at nothing, or None."""
    target = c.target
    if c.kind == "path":
        m = PATH.match(target)
        target, line, end = m.group("path"), m.group("line"), m.group("end")
    else:
        line = end = None
    if target.startswith(".."):
        return f"{c.text} points outside the repository"
    pattern = PLACEHOLDER.sub("*", target.rstrip("/"))
    if "*" in pattern:
        if not list(root.glob(pattern)):
            return f"{c.text}: nothing matches {pattern}"
        return None
    path = root / target
    if not path.exists():
        return f"{c.text}: no such file or folder {target}"
    if c.kind == "link" and "#" in c.text and path.suffix == ".md":
        anchor = c.text.split("#", 1)[1]
        if anchor not in heading_anchors(path.read_text()):
            return f"{c.text}: {target} has no heading whose anchor is #{anchor}"
    if line:
        count = len(path.read_text(errors="replace").split("\n"))
        last = int(end or line)
        if path.is_dir() or last > count:
            return f"{c.text}: {target} has {count} lines, no line {last}"
    return None


def function_problem(c, defined, syscalls):
    """Why Citation c (a function) names nothing anvil defines, or None.
    A system call's name (`brk()`) counts when anvil has the call."""
    name = c.target
    if name in defined or name in OTHER_FUNCTIONS or name in syscalls:
        return None
    return f"{c.text}: no function, macro or label {name} is defined in the sources"


def problems(citations, root=ROOT):
    """'page:line: what is wrong' for every citation that points at nothing."""
    defined, syscalls = defined_functions(root), system_calls(root)
    out = []
    for c in citations:
        if c.kind == "function":
            why = function_problem(c, defined, syscalls)
        elif c.kind == "panic":
            why = panic_problem(root, c)
        else:
            why = path_problem(root, c)
        if why:
            out.append(f"{c.where()}: {why}")
    return out


# ---------------------------------------------------------------------------
# What the sources define
# ---------------------------------------------------------------------------

SOURCE_SUFFIXES = (".c", ".h", ".asm", ".inc", ".py", ".sh", ".gdb", ".S")
# A C function definition: at the start of a line, a name, its parameters
# (no ';' or braces inside), then the body's '{' -- a prototype ends in ';'.
C_DEFINITION = re.compile(r"^[A-Za-z_][^;{}()\n#]*?\b([A-Za-z_]\w*)\s*\([^;{}]*\)\s*"
                          r"(?:__attribute__\s*\(\([^;{}]*\)\)\s*)*\{", re.MULTILINE)
C_MACRO = re.compile(r"^\s*#\s*define\s+([A-Za-z_]\w*)\(", re.MULTILINE)
# A macro that makes functions by pasting: #define MAKER(n) ... prefix##n(
C_MAKER = re.compile(r"^\s*#\s*define\s+(\w+)\(([\w\s,]+)\)((?:.*\\\n)*.*)$", re.MULTILINE)
ASM_LABEL = re.compile(r"^\s*(?:global\s+)?([A-Za-z_.]\w*)(?::|\s*$)", re.MULTILINE)
PY_DEF = re.compile(r"^\s*(?:async\s+def|def|class)\s+(\w+)\s*[(:]", re.MULTILINE)
GDB_DEFINE = re.compile(r"^\s*define\s+(\w+)", re.MULTILINE)
SH_FUNCTION = re.compile(r"^\s*(\w+)\s*\(\)\s*\{", re.MULTILINE)


def defined_functions(root=ROOT):
    """{name: first file defining it} over the tracked sources."""
    defined = {}
    for rel in tracked_files(root):
        if not rel.endswith(SOURCE_SUFFIXES):
            continue
        text = (root / rel).read_text(errors="replace")
        for name in names_defined(rel, text):
            defined.setdefault(name, rel)
    return defined


def names_defined(rel, text):
    if rel.endswith((".c", ".h")):
        yield from C_DEFINITION.findall(text)
        yield from C_MACRO.findall(text)
        yield from pasted_names(text)
    elif rel.endswith((".asm", ".inc", ".S")):
        yield from ASM_LABEL.findall(text)
    elif rel.endswith(".py"):
        yield from PY_DEF.findall(text)
    elif rel.endswith(".gdb"):
        yield from GDB_DEFINE.findall(text)
    elif rel.endswith(".sh"):
        yield from SH_FUNCTION.findall(text)


def pasted_names(text):
    """The functions a maker macro generates by pasting a parameter onto a
    name: for
        #define ANVIL_DEFINE_CR_READ(n) static inline uint64_t read_cr##n(void) ...
        ANVIL_DEFINE_CR_READ(3)
    that is read_cr3."""
    for maker, params, body in C_MAKER.findall(text):
        params = [p.strip() for p in params.split(",")]
        for prefix, param in re.findall(r"(\w+)##(\w+)\s*\(", body):
            if param not in params:
                continue
            i = params.index(param)
            for args in re.findall(rf"^\s*{maker}\(([^()]*)\)", text, re.MULTILINE):
                args = [a.strip() for a in args.split(",")]
                if len(args) == len(params):
                    yield prefix + args[i]


def system_calls(root=ROOT):
    """System calls by name: each sys_NAME in anvil's syscall_table, and each
    SYS_NAME the programs' header numbers (Linux's reboot, which the
    benchmark calls on Linux, is one of those)."""
    table = (root / "kernel" / "syscall.c").read_text()
    header = (root / "user" / "lib" / "syscall.h").read_text()
    return set(re.findall(r"=\s*sys_(\w+)\s*,", table)) | \
        set(re.findall(r"^#define\s+SYS_(\w+)\s", header, re.MULTILINE))


# ---------------------------------------------------------------------------
# The blocks a how-to marks for its test
# ---------------------------------------------------------------------------

MARK = re.compile(r"^\s*<!--\s*docs-test:\s*(.*?)\s*-->\s*$")


@dataclass
class Block:
    page: str
    line: int        # the marker's line
    action: str      # create, append, after, output
    file: str        # the file it goes in ("" for output)
    anchor: str      # for after: the text of the line it goes after
    code: str        # the block's text, with its final newline

    def where(self):
        return f"{self.page}:{self.line}"


def marked_blocks(page, root=ROOT):
    """The marked blocks of one page, in order; a marker without a block
    after it, or one the test cannot read, is an error."""
    lines = (root / page).read_text().split("\n")
    blocks = []
    for i, line in enumerate(lines):
        m = MARK.match(line)
        if not m:
            continue
        where = f"{page}:{i + 1}"
        words = m.group(1)
        am = re.match(r"^(create|append)\s+(\S+)$|^after\s+([^:\s]+):\s*(.+)$|^(output)$", words)
        assert am, f"{where}: cannot read the marker {words!r}"
        action = am.group(1) or ("after" if am.group(3) else "output")
        file = am.group(2) or am.group(3) or ""
        anchor = am.group(4) or ""
        fence = lines[i + 1] if i + 1 < len(lines) else ""
        fm = re.match(r"^(\s*)(```|~~~)", fence)
        assert fm, f"{where}: the marker is not followed by a fenced code block"
        indent, body = fm.group(1), []
        for j in range(i + 2, len(lines)):
            if lines[j].strip().startswith(fm.group(2)):
                break
            body.append(lines[j][len(indent):] if lines[j].startswith(indent) else lines[j])
        else:
            raise AssertionError(f"{where}: the code block never ends")
        blocks.append(Block(page, i + 1, action, file, anchor, "\n".join(body) + "\n"))
    return blocks


def apply_block(tree, b):
    """Do what block b says in the scratch tree `tree`."""
    path = tree / b.file
    if b.action == "create":
        assert not path.exists(), f"{b.where()}: {b.file} exists already"
        path.write_text(b.code)
        return
    assert path.exists(), f"{b.where()}: {b.file} does not exist"
    text = path.read_text()
    if b.action == "append":
        path.write_text(text + ("" if text.endswith("\n") else "\n") + "\n" + b.code)
        return
    lines = text.split("\n")
    hits = [k for k, line in enumerate(lines) if b.anchor in line]
    assert len(hits) == 1, \
        f"{b.where()}: {b.file} has {len(hits)} lines holding {b.anchor!r}, wanted exactly one"
    k = hits[0]
    indent = re.match(r"^\s*", lines[k]).group(0)
    new = [(indent + line if line else line) for line in b.code.rstrip("\n").split("\n")]
    path.write_text("\n".join(lines[:k + 1] + new + lines[k + 1:]))
