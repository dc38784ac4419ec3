/*
 * Handlers called by code compiled with -fsanitize=undefined.  The names,
 * arguments and data layouts are the compiler's ABI (GCC and clang share
 * it; see compiler-rt's ubsan_handlers.h).  This file itself is compiled
 * without the checks (see the Makefile), or a report could recurse.
 */
#include "kernel/ubsan.h"
#include "kernel/printf.h"

#include <stdint.h>

struct source_location {
	const char *file;
	uint32_t line;
	uint32_t column;
};

struct type_descriptor {
	uint16_t kind;		/* 0 integer, 1 float, 0xffff unknown */
	uint16_t info;		/* integers: bit 0 signed, bits 1.. log2(bit width) */
	char name[];
};

struct type_mismatch_data_v1 {
	struct source_location loc;
	struct type_descriptor *type;
	uint8_t log_alignment;
	uint8_t type_check_kind;
};

struct overflow_data {
	struct source_location loc;
	struct type_descriptor *type;
};

struct shift_out_of_bounds_data {
	struct source_location loc;
	struct type_descriptor *lhs_type;
	struct type_descriptor *rhs_type;
};

struct out_of_bounds_data {
	struct source_location loc;
	struct type_descriptor *array_type;
	struct type_descriptor *index_type;
};

struct location_only_data {
	struct source_location loc;
};

struct invalid_value_data {
	struct source_location loc;
	struct type_descriptor *type;
};

struct nonnull_arg_data {
	struct source_location loc;
	struct source_location attr_loc;
	int arg_index;
};

static unsigned long reports;
unsigned long ubsan_expected_reports;

unsigned long ubsan_report_count(void)
{
	return reports;
}

unsigned long ubsan_unexpected_reports(void)
{
	return reports - ubsan_expected_reports;
}

bool ubsan_enabled(void)
{
#ifdef ANVIL_UBSAN
	return true;
#else
	return false;
#endif
}

/* One report: "UBSAN: KIND at file:line:column (detail)". */
static void report(const struct source_location *loc, const char *kind, const char *fmt,
		   unsigned long a, unsigned long b)
{
	reports++;
	kprintf("UBSAN: %s at %s:%u:%u", kind, loc->file, loc->line, loc->column);
	if (fmt) {
		kprintf(" (");
		kprintf(fmt, a, b);
		kprintf(")");
	}
	kprintf("\n");
}

static const char *type_name(const struct type_descriptor *t)
{
	return t ? t->name : "?";
}

static const char *const check_kinds[] = {
	"load of", "store to", "reference binding to", "member access within",
	"member call on", "constructor call on", "downcast of", "downcast of",
	"upcast of", "cast to virtual base of", "_Nonnull binding to",
	"dynamic operation on",
};

void __ubsan_handle_type_mismatch_v1(struct type_mismatch_data_v1 *d, uintptr_t ptr);
void __ubsan_handle_type_mismatch_v1(struct type_mismatch_data_v1 *d, uintptr_t ptr)
{
	const char *what = d->type_check_kind < sizeof(check_kinds) / sizeof(check_kinds[0])
				   ? check_kinds[d->type_check_kind] : "access to";
	uintptr_t align = (uintptr_t)1 << d->log_alignment;
	if (!ptr)
		report(&d->loc, "null pointer", "%s NULL", (unsigned long)what, 0);
	else if (ptr & (align - 1))
		report(&d->loc, "misaligned access", "%s %lx", (unsigned long)what, ptr);
	else
		report(&d->loc, "object too small", "%s %lx", (unsigned long)what, ptr);
}

#define OVERFLOW_HANDLER(name, kind)                                              \
	void __ubsan_handle_##name(struct overflow_data *d, uintptr_t a, uintptr_t b); \
	void __ubsan_handle_##name(struct overflow_data *d, uintptr_t a, uintptr_t b)  \
	{                                                                         \
		(void)b;                                                          \
		report(&d->loc, kind, "type %s, operand %lx", (unsigned long)type_name(d->type), a); \
	}

OVERFLOW_HANDLER(add_overflow, "signed addition overflow")
OVERFLOW_HANDLER(sub_overflow, "signed subtraction overflow")
OVERFLOW_HANDLER(mul_overflow, "signed multiplication overflow")
OVERFLOW_HANDLER(divrem_overflow, "division overflow or by zero")

void __ubsan_handle_negate_overflow(struct overflow_data *d, uintptr_t old);
void __ubsan_handle_negate_overflow(struct overflow_data *d, uintptr_t old)
{
	report(&d->loc, "negation overflow", "type %s, operand %lx",
	       (unsigned long)type_name(d->type), old);
}

void __ubsan_handle_shift_out_of_bounds(struct shift_out_of_bounds_data *d, uintptr_t l,
					uintptr_t r);
void __ubsan_handle_shift_out_of_bounds(struct shift_out_of_bounds_data *d, uintptr_t l,
					uintptr_t r)
{
	report(&d->loc, "shift out of bounds", "%lx shifted by %lu", l, r);
}

void __ubsan_handle_out_of_bounds(struct out_of_bounds_data *d, uintptr_t index);
void __ubsan_handle_out_of_bounds(struct out_of_bounds_data *d, uintptr_t index)
{
	report(&d->loc, "index out of bounds", "index %lu in %s", index,
	       (unsigned long)type_name(d->array_type));
}

void __ubsan_handle_load_invalid_value(struct invalid_value_data *d, uintptr_t v);
void __ubsan_handle_load_invalid_value(struct invalid_value_data *d, uintptr_t v)
{
	report(&d->loc, "invalid value", "%lx for type %s", v, (unsigned long)type_name(d->type));
}

void __ubsan_handle_pointer_overflow(struct location_only_data *d, uintptr_t base,
				     uintptr_t result);
void __ubsan_handle_pointer_overflow(struct location_only_data *d, uintptr_t base,
				     uintptr_t result)
{
	report(&d->loc, "pointer overflow", "%lx to %lx", base, result);
}

#define LOCATION_HANDLER(name, kind)                                   \
	void __ubsan_handle_##name(struct location_only_data *d);     \
	void __ubsan_handle_##name(struct location_only_data *d)      \
	{                                                              \
		report(&d->loc, kind, 0, 0, 0);                        \
	}

LOCATION_HANDLER(builtin_unreachable, "__builtin_unreachable reached")
LOCATION_HANDLER(missing_return, "end of a value-returning function reached")
LOCATION_HANDLER(invalid_builtin, "invalid argument to a builtin")
LOCATION_HANDLER(vla_bound_not_positive, "variable-length array bound not positive")
LOCATION_HANDLER(nonnull_return_v1, "NULL returned from a nonnull function")

void __ubsan_handle_nonnull_arg(struct nonnull_arg_data *d);
void __ubsan_handle_nonnull_arg(struct nonnull_arg_data *d)
{
	report(&d->loc, "NULL passed as a nonnull argument", "argument %lu",
	       (unsigned long)d->arg_index, 0);
}
