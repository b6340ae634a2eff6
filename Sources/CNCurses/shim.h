// Wide-character ncurses. _XOPEN_SOURCE_EXTENDED exposes the cchar_t and wide APIs.
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <locale.h>
#include <ncursesw/curses.h>
