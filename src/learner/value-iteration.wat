;; Value iteration of a FactoredModel (src/learner/factored-model.ts), the default learner's planner,
;; as WebAssembly: the same loops and the same floating-point operations in the same order as the
;; TypeScript they replace and the C reference (src/bench/value-iteration.c), so the same Q, sweeps
;; and residual to the last bit. Assembled into value-iteration-wasm.ts by `npm run wasm`;
;; test/learner/value-iteration-wasm.test.ts checks that the bytes there are this file's.
;;
;; The caller lays the model out in `memory` (byte offsets, set by `layout`):
;;   nextControl i32[C*A], successorStart i32[X+1], successorState i32[n], successorCount f64[n],
;;   reward f64[P], terminal f64[P], allowed u8[X*C], rowTotal f64[X], values f64[X*C],
;;   expected f64[C], q f64[P]   (P = X*C*A)
;; and calls `solve` (or `measureOnly` for a given q). A state's V is the best allowed action's Q.
(module
  (memory (export "memory") 1)
  (global $X (mut i32) (i32.const 0))
  (global $C (mut i32) (i32.const 0))
  (global $A (mut i32) (i32.const 0))
  (global $gamma (mut f64) (f64.const 0))
  (global $nextControl (mut i32) (i32.const 0))
  (global $successorStart (mut i32) (i32.const 0))
  (global $successorState (mut i32) (i32.const 0))
  (global $successorCount (mut i32) (i32.const 0))
  (global $reward (mut i32) (i32.const 0))
  (global $terminal (mut i32) (i32.const 0))
  (global $allowed (mut i32) (i32.const 0))
  (global $rowTotal (mut i32) (i32.const 0))
  (global $values (mut i32) (i32.const 0))
  (global $expected (mut i32) (i32.const 0))
  (global $q (mut i32) (i32.const 0))
  ;; sweeps of the last solve
  (global $sweeps (mut i32) (i32.const 0))

  (func (export "layout")
    (param $X i32) (param $C i32) (param $A i32) (param $gamma f64)
    (param $nextControl i32) (param $successorStart i32) (param $successorState i32) (param $successorCount i32)
    (param $reward i32) (param $terminal i32) (param $allowed i32) (param $rowTotal i32)
    (param $values i32) (param $expected i32) (param $q i32)
    (global.set $X (local.get $X))
    (global.set $C (local.get $C))
    (global.set $A (local.get $A))
    (global.set $gamma (local.get $gamma))
    (global.set $nextControl (local.get $nextControl))
    (global.set $successorStart (local.get $successorStart))
    (global.set $successorState (local.get $successorState))
    (global.set $successorCount (local.get $successorCount))
    (global.set $reward (local.get $reward))
    (global.set $terminal (local.get $terminal))
    (global.set $allowed (local.get $allowed))
    (global.set $rowTotal (local.get $rowTotal))
    (global.set $values (local.get $values))
    (global.set $expected (local.get $expected))
    (global.set $q (local.get $q)))

  (func (export "sweeps") (result i32) (global.get $sweeps))

  ;; values[s] = max over the allowed actions a of q[s*A + a], every state s
  (func $refreshValues
    (local $s i32) (local $states i32) (local $a i32) (local $A i32) (local $bits i32)
    (local $best f64) (local $v f64) (local $row i32)
    (local.set $A (global.get $A))
    (local.set $states (i32.mul (global.get $X) (global.get $C)))
    (block $done
      (loop $state
        (br_if $done (i32.ge_s (local.get $s) (local.get $states)))
        (local.set $bits (i32.load8_u (i32.add (global.get $allowed) (local.get $s))))
        (local.set $best (f64.const -inf))
        (local.set $row (i32.add (global.get $q) (i32.shl (i32.mul (local.get $s) (local.get $A)) (i32.const 3))))
        (local.set $a (i32.const 0))
        (block $actionsDone
          (loop $action
            (br_if $actionsDone (i32.ge_s (local.get $a) (local.get $A)))
            (local.set $v (f64.load (i32.add (local.get $row) (i32.shl (local.get $a) (i32.const 3)))))
            (if (i32.and (i32.and (i32.shr_u (local.get $bits) (local.get $a)) (i32.const 1)) (f64.gt (local.get $v) (local.get $best)))
              (then (local.set $best (local.get $v))))
            (local.set $a (i32.add (local.get $a) (i32.const 1)))
            (br $action)))
        (f64.store (i32.add (global.get $values) (i32.shl (local.get $s) (i32.const 3))) (local.get $best))
        (local.set $s (i32.add (local.get $s) (i32.const 1)))
        (br $state))))

  ;; expected[c] = sum over x's successors j of (count_j / rowTotal[x]) * values[x'_j * C + c]
  (func $expectValues (param $x i32)
    (local $C i32) (local $c i32) (local $j i32) (local $end i32) (local $total f64) (local $weight f64)
    (local $base i32) (local $expected i32) (local $slot i32)
    (local.set $C (global.get $C))
    (local.set $expected (global.get $expected))
    (local.set $total (f64.load (i32.add (global.get $rowTotal) (i32.shl (local.get $x) (i32.const 3)))))
    (local.set $c (i32.const 0))
    (block $zeroed
      (loop $zero
        (br_if $zeroed (i32.ge_s (local.get $c) (local.get $C)))
        (f64.store (i32.add (local.get $expected) (i32.shl (local.get $c) (i32.const 3))) (f64.const 0))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br $zero)))
    (local.set $j (i32.load (i32.add (global.get $successorStart) (i32.shl (local.get $x) (i32.const 2)))))
    (local.set $end (i32.load (i32.add (global.get $successorStart) (i32.shl (i32.add (local.get $x) (i32.const 1)) (i32.const 2)))))
    (block $rowDone
      (loop $successor
        (br_if $rowDone (i32.ge_s (local.get $j) (local.get $end)))
        (local.set $weight (f64.div (f64.load (i32.add (global.get $successorCount) (i32.shl (local.get $j) (i32.const 3)))) (local.get $total)))
        (local.set $base (i32.add (global.get $values)
          (i32.shl (i32.mul (i32.load (i32.add (global.get $successorState) (i32.shl (local.get $j) (i32.const 2)))) (local.get $C)) (i32.const 3))))
        (local.set $c (i32.const 0))
        (block $controlsDone
          (loop $control
            (br_if $controlsDone (i32.ge_s (local.get $c) (local.get $C)))
            (local.set $slot (i32.add (local.get $expected) (i32.shl (local.get $c) (i32.const 3))))
            (f64.store (local.get $slot)
              (f64.add (f64.load (local.get $slot))
                (f64.mul (local.get $weight) (f64.load (i32.add (local.get $base) (i32.shl (local.get $c) (i32.const 3)))))))
            (local.set $c (i32.add (local.get $c) (i32.const 1)))
            (br $control)))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $successor))))

  ;; max over pairs of |reward + gamma (1 - terminal) expected[next] - q|, nothing changed
  (func $measure (result f64)
    (local $X i32) (local $C i32) (local $A i32) (local $x i32) (local $c i32) (local $a i32)
    (local $p i32) (local $gamma f64) (local $largest f64) (local $change f64) (local $next i32)
    (local.set $X (global.get $X))
    (local.set $C (global.get $C))
    (local.set $A (global.get $A))
    (local.set $gamma (global.get $gamma))
    (block $done
      (loop $market
        (br_if $done (i32.ge_s (local.get $x) (local.get $X)))
        (call $expectValues (local.get $x))
        (local.set $c (i32.const 0))
        (block $controlsDone
          (loop $control
            (br_if $controlsDone (i32.ge_s (local.get $c) (local.get $C)))
            (local.set $a (i32.const 0))
            (block $actionsDone
              (loop $action
                (br_if $actionsDone (i32.ge_s (local.get $a) (local.get $A)))
                ;; byte offset of pair p = (x * C + c) * A + a in the f64 arrays
                (local.set $p (i32.shl (i32.add (i32.mul (i32.add (i32.mul (local.get $x) (local.get $C)) (local.get $c)) (local.get $A)) (local.get $a)) (i32.const 3)))
                (local.set $next (i32.load (i32.add (global.get $nextControl) (i32.shl (i32.add (i32.mul (local.get $c) (local.get $A)) (local.get $a)) (i32.const 2)))))
                (local.set $change
                  (f64.abs
                    (f64.sub
                      (f64.add
                        (f64.load (i32.add (global.get $reward) (local.get $p)))
                        (f64.mul
                          (f64.mul (local.get $gamma) (f64.sub (f64.const 1) (f64.load (i32.add (global.get $terminal) (local.get $p)))))
                          (f64.load (i32.add (global.get $expected) (i32.shl (local.get $next) (i32.const 3))))))
                      (f64.load (i32.add (global.get $q) (local.get $p))))))
                (if (f64.gt (local.get $change) (local.get $largest)) (then (local.set $largest (local.get $change))))
                (local.set $a (i32.add (local.get $a) (i32.const 1)))
                (br $action)))
            (local.set $c (i32.add (local.get $c) (i32.const 1)))
            (br $control)))
        (local.set $x (i32.add (local.get $x) (i32.const 1)))
        (br $market)))
    (local.get $largest))

  ;; one Gauss-Seidel sweep: Q replaced by BQ, x by x, each x seeing the values already updated
  (func $update
    (local $X i32) (local $C i32) (local $A i32) (local $x i32) (local $c i32) (local $a i32)
    (local $state i32) (local $bits i32) (local $p i32) (local $next i32)
    (local $gamma f64) (local $best f64) (local $target f64)
    (local.set $X (global.get $X))
    (local.set $C (global.get $C))
    (local.set $A (global.get $A))
    (local.set $gamma (global.get $gamma))
    (block $done
      (loop $market
        (br_if $done (i32.ge_s (local.get $x) (local.get $X)))
        (call $expectValues (local.get $x))
        (local.set $c (i32.const 0))
        (block $controlsDone
          (loop $control
            (br_if $controlsDone (i32.ge_s (local.get $c) (local.get $C)))
            (local.set $state (i32.add (i32.mul (local.get $x) (local.get $C)) (local.get $c)))
            (local.set $bits (i32.load8_u (i32.add (global.get $allowed) (local.get $state))))
            (local.set $best (f64.const -inf))
            (local.set $a (i32.const 0))
            (block $actionsDone
              (loop $action
                (br_if $actionsDone (i32.ge_s (local.get $a) (local.get $A)))
                (local.set $p (i32.shl (i32.add (i32.mul (local.get $state) (local.get $A)) (local.get $a)) (i32.const 3)))
                (local.set $next (i32.load (i32.add (global.get $nextControl) (i32.shl (i32.add (i32.mul (local.get $c) (local.get $A)) (local.get $a)) (i32.const 2)))))
                (local.set $target
                  (f64.add
                    (f64.load (i32.add (global.get $reward) (local.get $p)))
                    (f64.mul
                      (f64.mul (local.get $gamma) (f64.sub (f64.const 1) (f64.load (i32.add (global.get $terminal) (local.get $p)))))
                      (f64.load (i32.add (global.get $expected) (i32.shl (local.get $next) (i32.const 3)))))))
                (f64.store (i32.add (global.get $q) (local.get $p)) (local.get $target))
                (if (i32.and (i32.and (i32.shr_u (local.get $bits) (local.get $a)) (i32.const 1)) (f64.gt (local.get $target) (local.get $best)))
                  (then (local.set $best (local.get $target))))
                (local.set $a (i32.add (local.get $a) (i32.const 1)))
                (br $action)))
            (f64.store (i32.add (global.get $values) (i32.shl (local.get $state) (i32.const 3))) (local.get $best))
            (local.set $c (i32.add (local.get $c) (i32.const 1)))
            (br $control)))
        (local.set $x (i32.add (local.get $x) (i32.const 1)))
        (br $market))))

  ;; value iteration from the q in memory until the residual is at most tolerance or maxSweeps
  ;; sweeps; returns the residual (sweeps: `sweeps`)
  (func (export "solve") (param $tolerance f64) (param $maxSweeps i32) (result f64)
    (local $residual f64) (local $sweeps i32)
    (call $refreshValues)
    (local.set $residual (call $measure))
    (block $done
      (loop $sweep
        (br_if $done (i32.eqz (i32.and (f64.gt (local.get $residual) (local.get $tolerance)) (i32.lt_s (local.get $sweeps) (local.get $maxSweeps)))))
        (call $update)
        (local.set $sweeps (i32.add (local.get $sweeps) (i32.const 1)))
        (local.set $residual (call $measure))
        (br $sweep)))
    (global.set $sweeps (local.get $sweeps))
    (local.get $residual))

  ;; the residual of the q in memory, nothing changed but the values scratch
  (func (export "measureOnly") (result f64)
    (call $refreshValues)
    (call $measure)))
