/*
 * The reference for `dynaq bench --only planning-default`: the default learner's value iteration
 * (FactoredModel.solve, which runs src/learner/value-iteration.wat: refreshValues, expectValues,
 * measure, update) as a plain C loop, run on the same model the benchmark builds, so the engine's
 * figure can be read against what the machine does with the same arithmetic in C. Same order of operations, so the same sweeps and residual.
 *
 * Input (stdin, whitespace-separated): X C A gamma tolerance repetitions,
 * nextControl[C*A], successorStart[X+1], successorState[n], successorCount[n] (n = successorStart[X]),
 * reward[X*C*A], terminal[X*C*A], allowed[X*C].
 * Output: sweeps residual median-seconds-of-one-solve
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int X, C, A, *nextControl, *successorStart, *successorState;
static unsigned char *allowed;
static double gamma_, *successorCount, *reward, *terminal, *rowTotal, *values, *expected;

static double value(const double *q, int state) {
  double best = -INFINITY;
  for (int a = 0; a < A; a++)
    if (((allowed[state] >> a) & 1) && q[state * A + a] > best) best = q[state * A + a];
  return best;
}

static void refreshValues(const double *q) {
  for (int s = 0; s < X * C; s++) values[s] = value(q, s);
}

static void expectValues(int x) {
  double total = rowTotal[x];
  for (int c = 0; c < C; c++) expected[c] = 0;
  for (int j = successorStart[x]; j < successorStart[x + 1]; j++) {
    double weight = successorCount[j] / total;
    int base = successorState[j] * C;
    for (int c = 0; c < C; c++) expected[c] += weight * values[base + c];
  }
}

static double measure(const double *q) {
  double largest = 0;
  for (int x = 0; x < X; x++) {
    expectValues(x);
    for (int c = 0; c < C; c++) {
      int first = (x * C + c) * A;
      for (int a = 0; a < A; a++) {
        int p = first + a;
        double change = fabs(reward[p] + gamma_ * (1 - terminal[p]) * expected[nextControl[c * A + a]] - q[p]);
        if (change > largest) largest = change;
      }
    }
  }
  return largest;
}

static void update(double *q) {
  for (int x = 0; x < X; x++) {
    expectValues(x);
    for (int c = 0; c < C; c++) {
      int state = x * C + c;
      double best = -INFINITY;
      for (int a = 0; a < A; a++) {
        int p = state * A + a;
        double target = reward[p] + gamma_ * (1 - terminal[p]) * expected[nextControl[c * A + a]];
        q[p] = target;
        if (((allowed[state] >> a) & 1) && target > best) best = target;
      }
      values[state] = best;
    }
  }
}

static void readInts(int *into, int count) {
  for (int i = 0; i < count; i++)
    if (scanf("%d", &into[i]) != 1) exit(2);
}

static void readDoubles(double *into, int count) {
  for (int i = 0; i < count; i++)
    if (scanf("%lf", &into[i]) != 1) exit(2);
}

static int compare(const void *a, const void *b) {
  double d = *(const double *)a - *(const double *)b;
  return (d > 0) - (d < 0);
}

int main(void) {
  double tolerance;
  int repetitions;
  if (scanf("%d %d %d %lf %lf %d", &X, &C, &A, &gamma_, &tolerance, &repetitions) != 6) return 2;
  int P = X * C * A;
  nextControl = malloc(sizeof(int) * C * A);
  successorStart = malloc(sizeof(int) * (X + 1));
  readInts(nextControl, C * A);
  readInts(successorStart, X + 1);
  int n = successorStart[X];
  successorState = malloc(sizeof(int) * n);
  successorCount = malloc(sizeof(double) * n);
  reward = malloc(sizeof(double) * P);
  terminal = malloc(sizeof(double) * P);
  allowed = malloc(X * C);
  readInts(successorState, n);
  readDoubles(successorCount, n);
  readDoubles(reward, P);
  readDoubles(terminal, P);
  for (int s = 0; s < X * C; s++) {
    int bits;
    if (scanf("%d", &bits) != 1) return 2;
    allowed[s] = (unsigned char)bits;
  }
  rowTotal = calloc(X, sizeof(double));
  for (int x = 0; x < X; x++)
    for (int j = successorStart[x]; j < successorStart[x + 1]; j++) rowTotal[x] += successorCount[j];
  values = malloc(sizeof(double) * X * C);
  expected = malloc(sizeof(double) * C);
  double *q = malloc(sizeof(double) * P);
  double *seconds = malloc(sizeof(double) * repetitions);
  int sweeps = 0;
  double residual = 0;
  for (int rep = 0; rep < repetitions; rep++) {
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    memset(q, 0, sizeof(double) * P);
    refreshValues(q);
    residual = measure(q);
    sweeps = 0;
    while (residual > tolerance && sweeps < 100000) {
      update(q);
      sweeps++;
      residual = measure(q);
    }
    clock_gettime(CLOCK_MONOTONIC, &end);
    seconds[rep] = (end.tv_sec - start.tv_sec) + (end.tv_nsec - start.tv_nsec) / 1e9;
  }
  qsort(seconds, repetitions, sizeof(double), compare);
  printf("%d %.17g %.17g\n", sweeps, residual, seconds[repetitions / 2]);
  return 0;
}
