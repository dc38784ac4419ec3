"""The names of a kernel's in-kernel tests, read from its ELF file without booting it.

KTEST() (kernel/ktest.h) puts one `struct ktest { const char *suite, *name;
void (*fn)(...); }` into the input section .ktests; linker.ld gathers them
between the symbols __ktests_start and __ktests_end, and the kernel runs them
in that order.  So the list of tests, and the order of its KTAP lines, is known from
build/kernel.elf alone: the runner makes one pytest test per in-kernel test
before any boot, and a test that never reports fails instead of vanishing.

The file is read with the ELF64 layout only (System V ABI: "ELF Header",
"Sections", "Symbol Table"): little-endian x86-64, the kernel statically linked, so the
pointers in .ktests are final virtual addresses.
"""

import struct
from pathlib import Path

KTEST_SIZE = 24                 # three 8-byte pointers


class ElfError(Exception):
    """Not a file this reader understands."""


SHT_SYMTAB = 2


def sections(data):
    """[(name, type, address, file offset, size, link), ...] of an ELF64 little-endian file."""
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        raise ElfError("not a 64-bit little-endian ELF file")
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3a)
    headers = [struct.unpack_from("<IIQQQQI", data, shoff + i * shentsize) for i in range(shnum)]
    names_at = headers[shstrndx][4]                  # .shstrtab's file offset
    return [(c_string_at(data, names_at + name), kind, addr, offset, size, link)
            for name, kind, _flags, addr, offset, size, link in headers]


def c_string_at(data, offset):
    return data[offset:data.index(b"\0", offset)].decode()


def symbols(data, secs):
    """{name: value} of the symbol table."""
    found = {}
    for _name, kind, _addr, offset, size, link in secs:
        if kind != SHT_SYMTAB:
            continue
        strtab = secs[link][3]
        for at in range(offset, offset + size, 24):  # Elf64_Sym
            name, _info, _other, _shndx, value, _size = struct.unpack_from("<IBBHQQ", data, at)
            found[c_string_at(data, strtab + name)] = value
    return found


def file_offset(secs, address):
    """Where virtual `address` is in the file."""
    for _name, _kind, addr, offset, size, _link in secs:
        if addr and addr <= address < addr + size:
            return offset + (address - addr)
    raise ElfError(f"no section holds address {address:#x}")


def ktest_names(elf_path):
    """["suite.name", ...] in the order the kernel runs them."""
    data = Path(elf_path).read_bytes()
    secs = sections(data)
    syms = symbols(data, secs)
    if "__ktests_start" not in syms or "__ktests_end" not in syms:
        raise ElfError(f"{elf_path} has no __ktests_start/__ktests_end symbols")
    start, end = syms["__ktests_start"], syms["__ktests_end"]
    names = []
    for address in range(start, end, KTEST_SIZE):
        suite, name, _fn = struct.unpack_from("<QQQ", data, file_offset(secs, address))
        names.append(f"{c_string_at(data, file_offset(secs, suite))}."
                     f"{c_string_at(data, file_offset(secs, name))}")
    return names
