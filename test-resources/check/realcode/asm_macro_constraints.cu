// RUN-TARGETS: sm_90a
// RUN-NVRTC-FAILS: -
// An inline-asm operand whose constraint a toolkit macro spells (apex's group norm, after
// cooperative_groups' own barrier code): the checker models <cooperative_groups.h> without reading
// it, so _CG_ASM_PTR_CONSTRAINT stays a name before the operand's parenthesis. The operand is
// still read, and the call inside it checked.
#include <cooperative_groups.h>

__device__ unsigned int* slot(unsigned int* base, int i) { return base + i; }  // expected-note {{'slot' declared here with 2 parameters}}

__global__ void arrive(unsigned int* arrived, unsigned int nb) {
  unsigned int old;
  asm volatile("atom.add.release.gpu.u32 %0,[%1],%2;"
               : "=r"(old)
               : _CG_ASM_PTR_CONSTRAINT(slot(arrived, 0)), "r"(nb)
               : "memory");
  asm volatile("atom.add.release.gpu.u32 %0,[%1],%2;"
               : "=r"(old)
               : _CG_ASM_PTR_CONSTRAINT(slot(arrived)), "r"(nb)  // expected-error {{no declaration of 'slot' takes 1 argument [JG001]}}
               : "memory");
}
