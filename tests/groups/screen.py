"""The screen console, seen from the host (docs/console.md).

- BIOS: GRUB leaves the EGA text screen; the test reads its cells at physical
  0xb8000 through QEMU's monitor (`xp`) and checks they are the tail of the
  serial log, banner included while it fits on the screen.
- UEFI: the kernel draws text on an RGB framebuffer; the test takes a
  `screendump` (a PPM image) and checks that it shows rows of text.
- tools/mkfont.py, the font generator, on small PSF1 and PSF2 fonts made here.

The boots have no test option, so the kernel starts its shell and waits at
the prompt: the screen stays as it is while the test looks at it.
"""

import struct
import sys
from pathlib import Path

from testlib import WAIT, LOG_DIR, Boot, test

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import mkfont  # noqa: E402  (tools/mkfont.py)

BANNER = "anvil 0.1: an x86-64 teaching kernel"
AT_PROMPT = r"^anvil> "           # the shell's prompt: the kernel waits for input
TEXT_COLS, TEXT_ROWS = 80, 25


def text_screen(qemu):
    """The EGA text screen as a list of TEXT_ROWS strings: the low byte of
    each 16-bit cell is the character, the high byte its colours."""
    out = qemu.monitor(f"xp /{TEXT_COLS * TEXT_ROWS}hx 0xb8000")
    # Lines look like `00000000000b8000: 0x0741 0x0720 ...`.
    cells = [int(word, 16) for line in out.splitlines() if ":" in line
             for word in line.split(":", 1)[1].split()]
    assert len(cells) == TEXT_COLS * TEXT_ROWS, f"xp gave {len(cells)} cells:\n{out[:500]}"
    text = "".join(chr(c & 0xff) for c in cells)
    attrs = {c >> 8 for c in cells}
    return [text[r * TEXT_COLS:(r + 1) * TEXT_COLS] for r in range(TEXT_ROWS)], attrs


def expected_rows(log):
    """The kernel's console output as the 80-column screen shows it: every
    line from the banner on, long lines wrapped."""
    lines = log[log.index(BANNER):].split("\n")
    start = log[:log.index(BANNER)].rfind("\n") + 1     # keep the banner's time prefix
    lines[0] = log[start:log.index(BANNER)] + lines[0]
    rows = []
    for line in lines:
        line = line.rstrip()
        rows += [line[i:i + TEXT_COLS].rstrip() for i in range(0, max(len(line), 1), TEXT_COLS)]
    while rows and not rows[-1]:
        rows.pop()
    return rows


@test("screen.bios.text_screen_mirrors_the_log", boot=Boot(firmware="bios"), live=True)
def text_screen_mirrors_the_log(ctx):
    """Every console line goes to serial and screen alike: the text screen
    shows the last lines of the serial log, starting with the banner if the
    whole log fits (and the banner went the same way if it scrolled off)."""
    ctx.qemu.wait_for(AT_PROMPT, timeout=WAIT)
    rows, attrs = text_screen(ctx.qemu)
    shown = [row.rstrip() for row in rows]
    while shown and not shown[-1]:
        shown.pop()
    expected = expected_rows(ctx.log)
    screen = "\n".join(shown)
    assert shown == expected[-len(shown):], \
        f"the screen is not the tail of the log.\nscreen:\n{screen}\nlog tail:\n" + \
        "\n".join(expected[-len(shown):]) + f"\nfirst difference: " + \
        repr(next(((a, b) for a, b in zip(shown, expected[-len(shown):]) if a != b), None))
    if len(expected) <= TEXT_ROWS:
        assert f"] {BANNER}" in rows[0], f"row 0 is not the banner:\n{screen}"
    assert "screen: EGA text console, 80x25" in ctx.log
    assert attrs == {0x07}, f"expected light grey on black (0x07) everywhere, got {sorted(attrs)}"


def read_ppm(path):
    """A binary PPM (P6, maxval 255): (width, height, bytes of RGB triples)."""
    data = Path(path).read_bytes()
    fields, pos = [], 0
    while len(fields) < 4:                      # magic, width, height, maxval
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b"#":           # a comment runs to the end of the line
            pos = data.index(b"\n", pos)
            continue
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[pos:end])
        pos = end
    magic, width, height, maxval = fields[0], int(fields[1]), int(fields[2]), int(fields[3])
    assert magic == b"P6" and maxval == 255, f"not an 8-bit P6 PPM: {fields}"
    pixels = data[pos + 1:pos + 1 + width * height * 3]
    assert len(pixels) == width * height * 3, "PPM pixel data is truncated"
    return width, height, pixels


def text_bands(width, height, pixels):
    """Runs of consecutive pixel rows that hold foreground pixels (anything
    not the background, taken as the commonest colour), as (first, rows, most
    foreground pixels in one row)."""
    stride = width * 3
    counts = {}
    for i in range(0, width * height, 97):      # every 97th pixel is sample enough
        px = pixels[i * 3:i * 3 + 3]
        counts[px] = counts.get(px, 0) + 1
    background = max(counts, key=counts.get)
    bands, start, widest = [], None, 0
    for y in range(height + 1):
        if y < height:
            row = pixels[y * stride:(y + 1) * stride]
            fg = sum(1 for x in range(0, stride, 3) if row[x:x + 3] != background)
        else:
            fg = 0
        if fg and start is None:
            start, widest = y, 0
        if fg:
            widest = max(widest, fg)
        elif start is not None:
            bands.append((start, y - start, widest))
            start = None
    return background, bands


@test("screen.uefi.framebuffer_has_text_rows", boot=Boot(firmware="uefi"), live=True, full=True)
def framebuffer_has_text_rows(ctx):
    ctx.qemu.wait_for(AT_PROMPT, timeout=WAIT)
    shot = LOG_DIR / "screen.uefi.ppm"
    shot.unlink(missing_ok=True)
    reply = ctx.qemu.monitor(f"screendump {shot}")
    assert shot.exists(), f"screendump wrote no file: {reply}"
    width, height, pixels = read_ppm(shot)
    background, bands = text_bands(width, height, pixels)
    assert bands, f"the screen is blank (all {background.hex()})"
    # A line of text: a band a few to 16 pixel rows high (the 8x16 font's
    # ascenders to descenders), with background around it, and never a row
    # that is mostly foreground.
    lines = [b for b in bands if 6 <= b[1] <= 16]
    assert len(lines) >= 20, f"only {len(lines)} text-like rows in {width}x{height}: {bands[:40]}"
    assert all(b[2] < width // 2 for b in lines), f"a row is mostly foreground: {lines}"
    # The kernel's log starts at the top: the first text row is within the first cell.
    assert lines[0][0] < 16, f"the first text row starts at pixel row {lines[0][0]}"


# ---------------------------------------------------------------------------
# tools/mkfont.py on fonts made here: glyph i is 16 rows of byte i, and the
# Unicode table maps each glyph to the character i + 1, so a generator that
# ignored the table would pick the wrong glyphs.

GLYPHS, HEIGHT = 256, 16


def psf1_font():
    header = bytes([0x36, 0x04, mkfont.PSF1_MODEHASTAB, HEIGHT])
    glyphs = b"".join(bytes([i]) * HEIGHT for i in range(GLYPHS))
    table = b"".join(struct.pack("<HH", (i + 1) % GLYPHS, mkfont.PSF1_SEPARATOR) for i in range(GLYPHS))
    return header + glyphs + table


def psf2_font():
    header = mkfont.PSF2_MAGIC + struct.pack("<7I", 0, 32, mkfont.PSF2_HAS_UNICODE_TABLE,
                                             GLYPHS, HEIGHT, HEIGHT, 8)
    glyphs = b"".join(bytes([i]) * HEIGHT for i in range(GLYPHS))
    table = b"".join(chr((i + 1) % GLYPHS).encode() + bytes([mkfont.PSF2_SEPARATOR])
                     for i in range(GLYPHS))
    return header + glyphs + table


for kind, make in (("psf1", psf1_font), ("psf2", psf2_font)):
    @test(f"screen.mkfont.{kind}_unicode_table")
    def mkfont_reads(ctx, make=make):
        width, height, glyphs, table = mkfont.parse_psf(make())
        assert (width, height) == (8, HEIGHT), (width, height)
        assert mkfont.glyph_for(ord("A"), glyphs, table) == bytes([ord("A") - 1]) * HEIGHT
        c = mkfont.render_c("test.psf", width, height, glyphs, table)
        assert "const struct font console_font" in c
        assert f"glyphs[96 * {HEIGHT}]" in c, "95 ASCII glyphs and a fallback"
        assert "fallback U+003F" in c, "no U+FFFD in this font: '?' is the fallback"


@test("screen.mkfont.rejects_a_truncated_font")
def mkfont_rejects(ctx):
    try:
        mkfont.parse_psf(psf2_font()[:100])
    except mkfont.FontError:
        return
    raise AssertionError("a truncated PSF2 font was accepted")
