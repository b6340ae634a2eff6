// Wide-character ncurses. _XOPEN_SOURCE_EXTENDED exposes the cchar_t and wide APIs.
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <locale.h>
#include <signal.h>
#include <ncursesw/curses.h>

// Attribute and key macros are not visible to Swift, so these inline functions expose them.
static inline attr_t sunmask_attr_bold(void) { return A_BOLD; }
static inline attr_t sunmask_attr_reverse(void) { return A_REVERSE; }
static inline attr_t sunmask_attr_underline(void) { return A_UNDERLINE; }
static inline attr_t sunmask_attr_dim(void) { return A_DIM; }
static inline attr_t sunmask_attr_normal(void) { return A_NORMAL; }
static inline int sunmask_key_resize(void) { return KEY_RESIZE; }
static inline int sunmask_key_mouse(void) { return KEY_MOUSE; }
static inline mmask_t sunmask_mouse_mask(void) {
    return BUTTON1_PRESSED | BUTTON1_RELEASED | BUTTON4_PRESSED | BUTTON5_PRESSED | REPORT_MOUSE_POSITION;
}
static inline int sunmask_mouse_button1_pressed(mmask_t state) { return (state & BUTTON1_PRESSED) != 0; }
static inline int sunmask_mouse_button1_released(mmask_t state) { return (state & BUTTON1_RELEASED) != 0; }
static inline int sunmask_mouse_scroll_up(mmask_t state) { return (state & BUTTON4_PRESSED) != 0; }
static inline int sunmask_mouse_scroll_down(mmask_t state) { return (state & BUTTON5_PRESSED) != 0; }
static inline int sunmask_mouse_position(mmask_t state) { return (state & REPORT_MOUSE_POSITION) != 0; }
