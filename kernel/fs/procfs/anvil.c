/*
 * /proc/anvil/: the kernel shell's reports as files -- regs, irq and mem
 * print exactly what the shell's `regs`, `irq` and `mem` print, by the
 * same functions (struct printer, kernel/format.h) -- and /proc/interrupts
 * in Linux's layout from the same counters.
 */
#include "arch/x86_64/cpu/cpu_report.h"
#include "arch/x86_64/irq/lapic.h"
#include "arch/x86_64/trap/trap.h"
#include "kernel/errno.h"
#include "kernel/fs/procfs/internal.h"
#include "kernel/irq.h"
#include "kernel/mm/mm.h"
#include "kernel/string.h"

static int show_regs(struct seq *s, uint64_t key)
{
	(void)key;
	regs_report(&s->pr, NULL);
	return 0;
}

static int show_irq(struct seq *s, uint64_t key)
{
	(void)key;
	irq_report(&s->pr);
	return 0;
}

static int show_mem(struct seq *s, uint64_t key)
{
	(void)key;
	mem_report(&s->pr);
	return 0;
}

const struct proc_entry proc_anvil_entries[] = {
	{ "irq",  S_IFREG | 0444, show_irq, NULL },
	{ "mem",  S_IFREG | 0444, show_mem, NULL },
	{ "regs", S_IFREG | 0444, show_regs, NULL },
};
const unsigned proc_anvil_count = sizeof(proc_anvil_entries) / sizeof(proc_anvil_entries[0]);
const struct proc_entry proc_anvil_dir_entry = { "anvil", S_IFDIR | 0555, NULL, &proc_anvil_iops };

static int anvil_lookup(struct inode *dir, const char *name, size_t len, struct inode **out)
{
	if (len == 2 && !memcmp(name, "..", 2)) {
		*out = inode_get(dir->sb->root);
		return 0;
	}
	int i = proc_entry_find(proc_anvil_entries, proc_anvil_count, name, len);
	if (i < 0)
		return -ENOENT;
	*out = proc_inode(dir->sb, proc_key(PT_ANVIL, (unsigned)i, 0, 0), &proc_anvil_entries[i]);
	return *out ? 0 : -ENOMEM;
}

static int anvil_iterate(struct inode *dir, uint64_t *pos, dir_emit_fn emit, void *ctx)
{
	proc_emit_table(proc_anvil_entries, proc_anvil_count, PT_ANVIL, 0, dir->ino,
			dir->sb->root->ino, pos, emit, ctx);
	return 0;
}

const struct inode_ops proc_anvil_iops = {
	.lookup = anvil_lookup,
	.iterate = anvil_iterate,
};

/* Linux's width of the first column: 3 digits for up to 999 IRQs. */
#define PREC	3

/* One of arch_show_interrupts' lines: "LOC:      12345   Local timer interrupts". */
static void arch_line(struct seq *s, const char *label, uint64_t n, const char *what)
{
	seq_printf(s, "%*s: %10lu   %s\n", PREC, label, (unsigned long)n, what);
}

/* Linux kernel/irq/proc.c show_interrupts and arch/x86/kernel/irq.c
 * arch_show_interrupts, for one CPU: each line with a handler, then the
 * local APIC's and the error counters. */
int proc_show_interrupts(struct seq *s, uint64_t key)
{
	(void)key;
	bool pic = !strncmp(irq_chip_name(), "8259", 4);
	seq_printf(s, "%*s%-11s\n", PREC + 8, "", "CPU0");
	for (unsigned irq = 0; irq < IRQ_LINES; irq++) {
		struct irq_stat st = irq_stat(irq);
		if (!st.name)
			continue;
		seq_printf(s, "%*u: %10lu  %8s %*u-%-8s  %s\n", PREC, irq, (unsigned long)st.count,
			   pic ? "XT-PIC" : "IO-APIC", PREC, irq, "edge", st.name);
	}
	arch_line(s, "NMI", trap_count(2), "Non-maskable interrupts");
	arch_line(s, "LOC", trap_count(LAPIC_TIMER_VECTOR), "Local timer interrupts");
	arch_line(s, "SPU", irq_spurious_count(), "Spurious interrupts");
	seq_printf(s, "%*s: %10u\n", PREC, "ERR", 0u);
	seq_printf(s, "%*s: %10u\n", PREC, "MIS", 0u);
	return 0;
}
