/*
 * Serial stand-ins for the OpenMP entry points libtesseract 5 calls (GOMP_parallel, GOMP_parallel_sections,
 * GOMP_sections_next, GOMP_sections_end_nowait), for a process that runs Tesseract with one thread per instance.
 *
 * Why: with OMP_THREAD_LIMIT=1, libgomp still starts and ends a team of one thread for every parallel region,
 * and ending it wakes the team's barrier with a futex system call that has no waiter. The LSTM opens a region
 * for every time step of every layer: tens of thousands of regions and system calls per page (about 1 us each
 * on the machine measured, plus libgomp's own bookkeeping). A region of one thread is only a call of its body,
 * which is what these functions do. The answers of libgomp's omp_get_num_threads (1) and omp_get_thread_num (0)
 * outside any team are the right ones for such a region, so they are not replaced.
 *
 * Loaded by dev.trae.ocr.internal.NativeTesseract with RTLD_GLOBAL before libtesseract, so that libtesseract's
 * references bind here first. Build: see build.sh (the result is checked in under src/main/resources).
 */
#define _GNU_SOURCE
#include <dlfcn.h>

static __thread unsigned next_section;
static __thread unsigned section_count;
static __thread int in_sections;
static unsigned long regions;

/* #pragma omp parallel: the body, once, on the calling thread. */
void GOMP_parallel(void (*fn)(void *), void *data, unsigned num_threads, unsigned flags) {
    (void) num_threads;
    (void) flags;
    __atomic_add_fetch(&regions, 1, __ATOMIC_RELAXED);
    fn(data);
}

/* #pragma omp parallel sections: the body hands out sections 1..count through GOMP_sections_next. */
void GOMP_parallel_sections(void (*fn)(void *), void *data, unsigned num_threads, unsigned count, unsigned flags) {
    unsigned saved_next = next_section;
    unsigned saved_count = section_count;
    int saved_in = in_sections;
    (void) num_threads;
    (void) flags;
    __atomic_add_fetch(&regions, 1, __ATOMIC_RELAXED);
    next_section = 1;
    section_count = count;
    in_sections = 1;
    fn(data);
    next_section = saved_next;
    section_count = saved_count;
    in_sections = saved_in;
}

/* The next section of the current GOMP_parallel_sections, 0 when done; libgomp's for sections opened elsewhere. */
unsigned GOMP_sections_next(void) {
    if (!in_sections) {
        unsigned (*real)(void) = (unsigned (*)(void)) dlsym(RTLD_NEXT, "GOMP_sections_next");
        return real == 0 ? 0 : real();
    }
    return next_section <= section_count ? next_section++ : 0;
}

void GOMP_sections_end_nowait(void) {
    if (!in_sections) {
        void (*real)(void) = (void (*)(void)) dlsym(RTLD_NEXT, "GOMP_sections_end_nowait");
        if (real != 0) {
            real();
        }
    }
}

/* How many regions ran here (tests check that libtesseract's calls arrive). */
unsigned long trae_serial_omp_regions(void) {
    return __atomic_load_n(&regions, __ATOMIC_RELAXED);
}
