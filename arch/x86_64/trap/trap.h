/*
 * Traps: every interrupt and exception enters through one of 256 stubs
 * (arch/x86_64/entry/trap_entry.asm), which build a struct trap_frame on the
 * stack and call trap_dispatch().  Handlers are registered per vector.
 * docs/interrupts.md draws the frame and walks through an entry.
 */
#ifndef ANVIL_ARCH_TRAP_H
#define ANVIL_ARCH_TRAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "arch/x86_64/insn/cpu.h"
#include "arch/x86_64/entry/trap_layout.h"

/* CPU exception vectors (Intel SDM Vol. 3A §6.3.1, Table 6-1). */
#define X86_TRAP_DE	0	/* divide error */
#define X86_TRAP_DB	1	/* debug */
#define X86_TRAP_NMI	2	/* non-maskable interrupt */
#define X86_TRAP_BP	3	/* breakpoint (int3) */
#define X86_TRAP_OF	4	/* overflow (into) */
#define X86_TRAP_BR	5	/* bound range exceeded */
#define X86_TRAP_UD	6	/* invalid opcode */
#define X86_TRAP_NM	7	/* device (FPU) not available */
#define X86_TRAP_DF	8	/* double fault */
#define X86_TRAP_TS	10	/* invalid TSS */
#define X86_TRAP_NP	11	/* segment not present */
#define X86_TRAP_SS	12	/* stack-segment fault */
#define X86_TRAP_GP	13	/* general protection */
#define X86_TRAP_PF	14	/* page fault */
#define X86_TRAP_MF	16	/* x87 floating-point error */
#define X86_TRAP_AC	17	/* alignment check */
#define X86_TRAP_MC	18	/* machine check */
#define X86_TRAP_XM	19	/* SIMD floating-point */
#define X86_TRAP_VE	20	/* virtualization exception */
#define X86_TRAP_CP	21	/* control protection */
#define X86_TRAP_EXCEPTIONS	32	/* vectors 0..31 are reserved for exceptions */
#define X86_TRAP_VECTORS	256

/* Does the CPU push an error code for this vector? */
static inline bool trap_has_error_code(unsigned vector)
{
	return vector < X86_TRAP_EXCEPTIONS && (ANVIL_TRAP_ERROR_CODE_MASK >> vector & 1);
}

/*
 * The stack as trap_dispatch() sees it, lowest address first.  The CPU
 * pushes its part first (highest addresses), then the stub, then the
 * common entry code, each push going below the previous one.
 */
struct trap_frame {
	/* pushed by trap_common, the stubs' shared part: every general
	 * register except RSP (RAX first, so R15 ends lowest) */
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	/* pushed by the vector's own stub */
	uint64_t vector;
	/* pushed by the CPU for the vectors in ANVIL_TRAP_ERROR_CODE_MASK,
	 * by the stub (as 0) for the others, so every frame looks the same */
	uint64_t error_code;
	/* pushed by the CPU: where to return, and (always in 64-bit mode)
	 * the old stack (SDM Vol. 3A §6.14.2, Figure 6-9) */
	uint64_t rip, cs, rflags, rsp, ss;
};

#define TRAP_FRAME_OFFSET(field, value)                                        \
	_Static_assert(offsetof(struct trap_frame, field) == (value),           \
		       "struct trap_frame." #field " differs from trap_layout.h")
TRAP_FRAME_OFFSET(r15, ANVIL_TF_R15);
TRAP_FRAME_OFFSET(r14, ANVIL_TF_R14);
TRAP_FRAME_OFFSET(r13, ANVIL_TF_R13);
TRAP_FRAME_OFFSET(r12, ANVIL_TF_R12);
TRAP_FRAME_OFFSET(r11, ANVIL_TF_R11);
TRAP_FRAME_OFFSET(r10, ANVIL_TF_R10);
TRAP_FRAME_OFFSET(r9, ANVIL_TF_R9);
TRAP_FRAME_OFFSET(r8, ANVIL_TF_R8);
TRAP_FRAME_OFFSET(rbp, ANVIL_TF_RBP);
TRAP_FRAME_OFFSET(rdi, ANVIL_TF_RDI);
TRAP_FRAME_OFFSET(rsi, ANVIL_TF_RSI);
TRAP_FRAME_OFFSET(rdx, ANVIL_TF_RDX);
TRAP_FRAME_OFFSET(rcx, ANVIL_TF_RCX);
TRAP_FRAME_OFFSET(rbx, ANVIL_TF_RBX);
TRAP_FRAME_OFFSET(rax, ANVIL_TF_RAX);
TRAP_FRAME_OFFSET(vector, ANVIL_TF_VECTOR);
TRAP_FRAME_OFFSET(error_code, ANVIL_TF_ERROR_CODE);
TRAP_FRAME_OFFSET(rip, ANVIL_TF_RIP);
TRAP_FRAME_OFFSET(cs, ANVIL_TF_CS);
TRAP_FRAME_OFFSET(rflags, ANVIL_TF_RFLAGS);
TRAP_FRAME_OFFSET(rsp, ANVIL_TF_RSP);
TRAP_FRAME_OFFSET(ss, ANVIL_TF_SS);
_Static_assert(sizeof(struct trap_frame) == ANVIL_TF_SIZE, "trap frame size");
/* The CPU aligns RSP to 16 before its pushes (SDM Vol. 3A §6.14.2); a
 * frame of a multiple of 16 keeps it aligned for the C call. */
_Static_assert(ANVIL_TF_SIZE % 16 == 0, "trap frame keeps RSP 16-byte aligned");
#undef TRAP_FRAME_OFFSET
_Static_assert(ANVIL_TRAP_CLEAR_RFLAGS == (X86_RFLAGS_AC | X86_RFLAGS_DF),
	       "trap_layout.h: the flags the stubs clear");

/* Did the trap interrupt ring 3? (The CPL is the low two bits of CS.) */
static inline bool trap_from_user(const struct trap_frame *f)
{
	return (f->cs & 3) != 0;
}

typedef void (*trap_handler)(struct trap_frame *frame);

/* Fill all 256 IDT gates with the stubs (interrupt gates, ring 0 only;
 * #DF, NMI and #MC on their IST stacks) and load the IDT. */
void idt_init(void);

/* Point gate `vector` at an entry stub of its own instead of its
 * trap_entry.asm stub (keeping its DPL and IST); that stub then owns the
 * whole entry and exit, and trap_dispatch() never sees the vector.  For
 * the int 0x80 system call (arch/x86_64/entry/int80_entry.asm). */
void idt_set_gate_entry(uint8_t vector, void (*entry)(void));

/* Let ring 3 reach `vector` with `int N` (dpl 3), or forbid it (dpl 0:
 * `int N` from ring 3 then raises #GP).  For the int 0x80 system call. */
void idt_set_gate_dpl(uint8_t vector, unsigned dpl);

/* Call handler for every trap on `vector`, from ring 0 and ring 3 alike
 * (replacing the previous one: there is one handler per vector, no
 * chain).  Runs with interrupts off, on the interrupted stack (or the
 * gate's IST stack).  exception_init registers the default on 0-31; NULL
 * removes a handler (an exception vector without one panics, an
 * interrupt vector without one is logged and ignored). */
void trap_register(uint8_t vector, trap_handler handler);

/* The handler registered for `vector`, or NULL. */
trap_handler trap_handler_for(uint8_t vector);

/* How many times `vector` was taken since boot. */
uint64_t trap_count(uint8_t vector);

/* The C entry, called by trap_common with the frame it built. */
void trap_dispatch(struct trap_frame *frame);

/*
 * Test-only recovery: run fn(arg); if it raises a CPU exception (any
 * vector below 32 except #DB, NMI and #BP, which resume by themselves),
 * do not panic: unwind to trap_catch, fill *out and return true.  If fn
 * returns normally, return false (and leave *out alone).
 *
 * It works like setjmp/longjmp: trap_catch (trap_entry.asm) saves its
 * stack pointer and callee-saved registers; the dispatcher then rewrites
 * the trap frame so that iretq "returns" to trap_catch's landing code
 * instead of the faulting instruction, with RSP back at the saved point.
 * fn's own frames are simply abandoned, so fn must hold no locks and
 * nothing that needs cleaning up when it faults.  Not reentrant (nesting
 * panics), one CPU.
 *
 * Meant for tests that fault on purpose, e.g.
 *
 *	static void read_low(void *p) { (void)*(volatile uint64_t *)p; }
 *	struct trap_caught c;
 *	KASSERT_TRUE(trap_catch(read_low, (void *)0x1000, &c));
 *	KEXPECT_EQ(c.vector, X86_TRAP_PF);
 *	KEXPECT_EQ(c.cr2, 0x1000);
 */
struct trap_caught {
	uint8_t vector;
	uint64_t error_code;	/* 0 for vectors without one */
	uint64_t cr2;		/* read at the trap (meaningful for #PF) */
	uint64_t rip;		/* the faulting instruction */
};
bool trap_catch(void (*fn)(void *arg), void *arg, struct trap_caught *out);

/* Called by the dispatcher: true if a trap_catch is armed and took this
 * exception (the frame now resumes in trap_catch). */
bool trap_catch_take(struct trap_frame *frame);

#endif
