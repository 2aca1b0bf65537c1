/* The demo's randomness: xoshiro256** seeded through splitmix64, so that a seed gives the same
 * demo on every machine and backend. Shared by the case generator (demo.c) and its protection
 * part (demo_protection.c). */
#ifndef MAPO_DEMO_RNG_H
#define MAPO_DEMO_RNG_H

#include <stdbool.h>
#include <stdint.h>

struct rng {
	uint64_t s[4];
};

void rng_seed(struct rng *r, uint64_t seed);
uint64_t rng_next(struct rng *r);
/* Uniform in [0, 1). */
double rng_unit(struct rng *r);
/* Uniform in [0, n) for 0 < n < 2^53; 0 when n <= 1. */
long long rng_below(struct rng *r, long long n);
/* True with probability p. */
bool rng_chance(struct rng *r, double p);

#endif
