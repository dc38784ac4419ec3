/* The C string and memory functions the kernel (and the compiler) uses. */
#ifndef ANVIL_KERNEL_STRING_H
#define ANVIL_KERNEL_STRING_H

#include <stddef.h>

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
/* Copy src into dst[0..size) cut to fit, always NUL-terminated (size > 0);
 * returns strlen(src), as BSD's strlcpy, so a caller can tell it was cut. */
size_t strlcpy(char *dst, const char *src, size_t size);
/* Shell-style match: '*' any run, '?' any one character. */
int glob_match(const char *pattern, const char *text);

#endif
