/*
 * The trap frame's layout as plain numbers, shared by C (arch/x86_64/trap/trap.h
 * checks every offset against struct trap_frame with _Static_assert) and
 * NASM (the build turns every ANVIL_* macro here into build/gen/trap_layout.inc
 * for arch/x86_64/entry/trap_entry.asm).  Change the struct and this file together;
 * the build fails if they disagree.
 *
 * Keep the values plain numbers or simple expressions NASM can read.
 */
#ifndef ANVIL_ARCH_TRAP_LAYOUT_H
#define ANVIL_ARCH_TRAP_LAYOUT_H

/* Byte offsets in struct trap_frame, lowest address (pushed last) first. */
#define ANVIL_TF_R15            0
#define ANVIL_TF_R14            8
#define ANVIL_TF_R13            16
#define ANVIL_TF_R12            24
#define ANVIL_TF_R11            32
#define ANVIL_TF_R10            40
#define ANVIL_TF_R9             48
#define ANVIL_TF_R8             56
#define ANVIL_TF_RBP            64
#define ANVIL_TF_RDI            72
#define ANVIL_TF_RSI            80
#define ANVIL_TF_RDX            88
#define ANVIL_TF_RCX            96
#define ANVIL_TF_RBX            104
#define ANVIL_TF_RAX            112
#define ANVIL_TF_VECTOR         120
#define ANVIL_TF_ERROR_CODE     128
#define ANVIL_TF_RIP            136
#define ANVIL_TF_CS             144
#define ANVIL_TF_RFLAGS         152
#define ANVIL_TF_RSP            160
#define ANVIL_TF_SS             168
#define ANVIL_TF_SIZE           176

/*
 * frame.vector of a trap frame that the SYSCALL entry's slow way back
 * builds from its own frame (syscall_entry.asm): above every IDT vector,
 * so "did this come from a system call?" is vector == this or 0x80 (the
 * int $0x80 gate).  For both, frame.error_code holds the call's number
 * as the program put it in RAX (Linux's orig_ax): a restart puts it back.
 * ANVIL_TRAP_VECTOR_NONE marks a frame that must not be taken for a
 * system call any more (after rt_sigreturn, as Linux sets orig_ax = -1).
 */
#define ANVIL_TRAP_VECTOR_SYSCALL 0x100
#define ANVIL_TRAP_VECTOR_NONE    0x101

/*
 * The exception vectors for which the CPU pushes an error code: #DF 8,
 * #TS 10, #NP 11, #SS 12, #GP 13, #PF 14, #AC 17, #CP 21, #VC 29, #SX 30
 * (Intel SDM Vol. 3A §6.3.1 Table 6-1; AMD APM Vol. 2 §8.2 for #VC and #SX).
 * Bit N set = vector N has one.  This is the only list: the stubs and the
 * exception reports both read it.
 */
#define ANVIL_TRAP_ERROR_CODE_MASK ((1 << 8) | (1 << 10) | (1 << 11) | (1 << 12) | (1 << 13) | (1 << 14) | (1 << 17) | (1 << 21) | (1 << 29) | (1 << 30))

/*
 * The RFLAGS bits every stub clears before it calls C.  The CPU clears
 * TF, NT and RF on the way in (and IF, for an interrupt gate) but keeps
 * AC and DF as the interrupted code had them (SDM Vol. 3A §6.12.1.3):
 *   AC (bit 18)  an interrupt landing inside a user copy (between stac
 *                and clac) would run its handler with SMAP off;
 *   DF (bit 10)  the C ABI wants string instructions to go upward.
 * iretq puts the interrupted code's flags back.  trap.h checks the bits
 * against cpu.h's X86_RFLAGS_AC and X86_RFLAGS_DF.
 */
#define ANVIL_TRAP_CLEAR_RFLAGS ((1 << 18) | (1 << 10))

#endif
