#include "arch/x86_64/irq/ioapic.h"
#include "arch/x86_64/insn/mmio.h"
#include "kernel/addr.h"
#include "kernel/printf.h"

/* Two registers in memory select and reach all the others (82093AA data
 * sheet §3.1): write an index to IOREGSEL, then read or write IOWIN. */
#define IOREGSEL	0x00
#define IOWIN		0x10
#define IOAPIC_VER	0x01	/* bits 23:16: index of the last redirection entry */
#define IOAPIC_REDTBL(n) (0x10 + 2 * (n))	/* entry n: low dword, then high */

/* Redirection entry bits (§3.2.4). */
#define RTE_DELIVERY_FIXED	(0u << 8)
#define RTE_DEST_PHYSICAL	(0u << 11)
#define RTE_ACTIVE_LOW_BIT	13
#define RTE_ACTIVE_LOW		(1u << RTE_ACTIVE_LOW_BIT)
#define RTE_LEVEL_BIT		15
#define RTE_LEVEL		(1u << RTE_LEVEL_BIT)
#define RTE_MASKED_BIT		16
#define RTE_MASKED		(1u << RTE_MASKED_BIT)
#define RTE_DEST_SHIFT		24	/* in the high dword: APIC ID */

struct ioapic {
	volatile uint8_t *regs;
	uint32_t gsi_base;
	uint32_t pins;
};

static struct ioapic ioapics[ACPI_MAX_IOAPICS];
static uint32_t count;

static uint32_t ioapic_read(const struct ioapic *io, uint32_t reg)
{
	mmio_write32(io->regs + IOREGSEL, reg);
	return mmio_read32(io->regs + IOWIN);
}

static void ioapic_write(const struct ioapic *io, uint32_t reg, uint32_t value)
{
	mmio_write32(io->regs + IOREGSEL, reg);
	mmio_write32(io->regs + IOWIN, value);
}

bool ioapic_init(const struct acpi_madt *madt)
{
	count = 0;
	for (uint32_t i = 0; i < madt->ioapic_count; i++) {
		const struct acpi_ioapic *a = &madt->ioapics[i];
		struct ioapic *io = &ioapics[count++];
		/* Below 4 GiB, which the direct map always covers (kernel/mm/vm.c). */
		io->regs = phys_to_virt(a->addr);
		io->gsi_base = a->gsi_base;
		io->pins = (ioapic_read(io, IOAPIC_VER) >> 16 & 0xff) + 1;
		for (uint32_t pin = 0; pin < io->pins; pin++) {
			ioapic_write(io, IOAPIC_REDTBL(pin), RTE_MASKED);
			ioapic_write(io, IOAPIC_REDTBL(pin) + 1, 0);
		}
		kprintf("ioapic: id %u at %x, GSIs %u-%u\n", a->id, a->addr, io->gsi_base,
			io->gsi_base + io->pins - 1);
	}
	return count > 0;
}

bool ioapic_route(uint32_t gsi, uint8_t vector, bool active_low, bool level, uint8_t dest,
		  bool masked)
{
	for (uint32_t i = 0; i < count; i++) {
		const struct ioapic *io = &ioapics[i];
		if (gsi < io->gsi_base || gsi - io->gsi_base >= io->pins)
			continue;
		uint32_t pin = gsi - io->gsi_base;
		uint32_t low = vector | RTE_DELIVERY_FIXED | RTE_DEST_PHYSICAL;
		if (active_low)
			low |= RTE_ACTIVE_LOW;
		if (level)
			low |= RTE_LEVEL;
		if (masked)
			low |= RTE_MASKED;
		/* Mask while the halves disagree, destination first. */
		ioapic_write(io, IOAPIC_REDTBL(pin), RTE_MASKED);
		ioapic_write(io, IOAPIC_REDTBL(pin) + 1, (uint32_t)dest << RTE_DEST_SHIFT);
		ioapic_write(io, IOAPIC_REDTBL(pin), low);
		return true;
	}
	return false;
}
