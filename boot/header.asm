; The multiboot2 header: how GRUB knows this file is a kernel and what it
; wants handed over.  Multiboot2 specification §3.1.
; It must lie in the first 32 KiB of the file, 8-byte aligned: linker.ld
; puts the .multiboot2 section first.

%define MB2_HEADER_MAGIC        0xe85250d6
%define MB2_ARCH_I386           0          ; 32-bit protected mode entry
%define MB2_TAG_END             0
%define MB2_TAG_INFO_REQUEST    1
%define MB2_TAG_CONSOLE_FLAGS   4
%define MB2_TAG_FRAMEBUFFER     5
%define MB2_CONSOLE_EGA_TEXT    2          ; console flags bit 1: EGA text supported
%define MB2_TAG_OPTIONAL        1          ; flags bit 0: loader may ignore the tag

; Boot information tag types we ask for (multiboot2 spec §3.6).
%define MBI_CMDLINE             1
%define MBI_MODULE              3
%define MBI_MMAP                6
%define MBI_FRAMEBUFFER         8
%define MBI_ACPI_OLD            14
%define MBI_ACPI_NEW            15

section .multiboot2
align 8
mb2_header:
    dd MB2_HEADER_MAGIC
    dd MB2_ARCH_I386
    dd mb2_header_end - mb2_header
    ; The four fields must add up to zero modulo 2^32.
    dd -(MB2_HEADER_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header))

    ; "Please pass these tags".  Marked optional: a loader that cannot give
    ; one of them still boots us, and the kernel copes with its absence.
align 8
.info_request:
    dw MB2_TAG_INFO_REQUEST, MB2_TAG_OPTIONAL
    dd .info_request_end - .info_request
    dd MBI_CMDLINE, MBI_MODULE, MBI_MMAP, MBI_FRAMEBUFFER, MBI_ACPI_OLD, MBI_ACPI_NEW
.info_request_end:

    ; We can drive the EGA text screen (without this tag GRUB would insist
    ; on a graphics framebuffer even under BIOS).
align 8
.console_flags:
    dw MB2_TAG_CONSOLE_FLAGS, MB2_TAG_OPTIONAL
    dd 12
    dd MB2_CONSOLE_EGA_TEXT

    ; A framebuffer with no preferred size: under UEFI there is no VGA text
    ; mode, so GRUB hands over a linear framebuffer.  Under BIOS, grub.cfg
    ; sets gfxpayload=text and we keep the EGA text screen.
align 8
.framebuffer:
    dw MB2_TAG_FRAMEBUFFER, MB2_TAG_OPTIONAL
    dd 20
    dd 0, 0, 0                             ; width, height, depth: any
align 8
.end:
    dw MB2_TAG_END, 0
    dd 8
mb2_header_end:
