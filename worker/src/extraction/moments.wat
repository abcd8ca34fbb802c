;; Per-token moments of float32 activations, 4 lanes at a time (WebAssembly SIMD).
;;
;; Source of moments.wasm: rebuild it with `npm run build:wasm` (CI's `build:wasm -- --check` fails
;; when the two disagree). moments.test.ts checks the result against the definitions.
;; moments.ts copies token vectors into this module's memory and calls `tokenMoments`; see there
;; for why this is not plain JavaScript.
;;
;; For each of `count` tokens of `hidden` float32 values starting at byte `src`, writes 4 float64
;; at `out` (then out + 32, …): sum, sum of squares, max |a|, count of |a| < `below` (the caller
;; passes the threshold as the smallest float32 not below it, so the float32 test here equals the
;; float64 test `|a| < threshold`).
;;
;; Sums are float64: every element is widened before it is added or squared. The lanes make four
;; partial sums per token (elements 4k, 4k+1, 4k+2, 4k+3), added together at the token's end.
;; max |a| uses pmax (`max < a ? a : max`), so a NaN element leaves it alone, like `a > max` in
;; JavaScript; the NaN still poisons the sums, so it shows.
(module
  (memory (export "memory") 1)

  (func (export "tokenMoments")
    (param $src i32) (param $hidden i32) (param $count i32) (param $out i32) (param $below f32)
    (local $p i32) (local $vectorEnd i32) (local $tokenEnd i32) (local $t i32)
    (local $v v128) (local $abs v128) (local $low v128) (local $high v128)
    (local $sumLow v128) (local $sumHigh v128) (local $squaresLow v128) (local $squaresHigh v128)
    (local $maxAbs v128) (local $belowCount v128) (local $belowSplat v128)
    (local $x f32) (local $wide f64) (local $sum f64) (local $squares f64) (local $max f32) (local $n i32)

    (local.set $belowSplat (f32x4.splat (local.get $below)))
    (local.set $p (local.get $src))
    (block $tokensDone
      (loop $tokens
        (br_if $tokensDone (i32.ge_u (local.get $t) (local.get $count)))
        (local.set $tokenEnd (i32.add (local.get $p) (i32.shl (local.get $hidden) (i32.const 2))))
        ;; Whole groups of 4; the rest (hidden not a multiple of 4) goes one by one below.
        (local.set $vectorEnd (i32.add (local.get $p) (i32.shl (i32.and (local.get $hidden) (i32.const -4)) (i32.const 2))))
        (local.set $sumLow (v128.const i64x2 0 0))
        (local.set $sumHigh (v128.const i64x2 0 0))
        (local.set $squaresLow (v128.const i64x2 0 0))
        (local.set $squaresHigh (v128.const i64x2 0 0))
        (local.set $maxAbs (v128.const i64x2 0 0))
        (local.set $belowCount (v128.const i64x2 0 0))
        (block $vectorsDone
          (loop $vectors
            (br_if $vectorsDone (i32.ge_u (local.get $p) (local.get $vectorEnd)))
            (local.set $v (v128.load (local.get $p)))
            (local.set $abs (f32x4.abs (local.get $v)))
            (local.set $maxAbs (f32x4.pmax (local.get $maxAbs) (local.get $abs)))
            ;; A true comparison is all ones (-1): subtracting it counts the lane.
            (local.set $belowCount (i32x4.sub (local.get $belowCount) (f32x4.lt (local.get $abs) (local.get $belowSplat))))
            (local.set $low (f64x2.promote_low_f32x4 (local.get $v)))
            (local.set $high (f64x2.promote_low_f32x4
              (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v))))
            (local.set $sumLow (f64x2.add (local.get $sumLow) (local.get $low)))
            (local.set $sumHigh (f64x2.add (local.get $sumHigh) (local.get $high)))
            (local.set $squaresLow (f64x2.add (local.get $squaresLow) (f64x2.mul (local.get $low) (local.get $low))))
            (local.set $squaresHigh (f64x2.add (local.get $squaresHigh) (f64x2.mul (local.get $high) (local.get $high))))
            (local.set $p (i32.add (local.get $p) (i32.const 16)))
            (br $vectors)))
        (local.set $sumLow (f64x2.add (local.get $sumLow) (local.get $sumHigh)))
        (local.set $squaresLow (f64x2.add (local.get $squaresLow) (local.get $squaresHigh)))
        (local.set $sum (f64.add (f64x2.extract_lane 0 (local.get $sumLow)) (f64x2.extract_lane 1 (local.get $sumLow))))
        (local.set $squares (f64.add (f64x2.extract_lane 0 (local.get $squaresLow)) (f64x2.extract_lane 1 (local.get $squaresLow))))
        ;; No lane holds a NaN (pmax never takes one), so plain max is safe here.
        (local.set $max (f32.max
          (f32.max (f32x4.extract_lane 0 (local.get $maxAbs)) (f32x4.extract_lane 1 (local.get $maxAbs)))
          (f32.max (f32x4.extract_lane 2 (local.get $maxAbs)) (f32x4.extract_lane 3 (local.get $maxAbs)))))
        (local.set $n (i32.add
          (i32.add (i32x4.extract_lane 0 (local.get $belowCount)) (i32x4.extract_lane 1 (local.get $belowCount)))
          (i32.add (i32x4.extract_lane 2 (local.get $belowCount)) (i32x4.extract_lane 3 (local.get $belowCount)))))
        (block $restDone
          (loop $rest
            (br_if $restDone (i32.ge_u (local.get $p) (local.get $tokenEnd)))
            (local.set $x (f32.abs (f32.load (local.get $p))))
            (local.set $wide (f64.promote_f32 (f32.load (local.get $p))))
            (local.set $sum (f64.add (local.get $sum) (local.get $wide)))
            (local.set $squares (f64.add (local.get $squares) (f64.mul (local.get $wide) (local.get $wide))))
            (if (f32.gt (local.get $x) (local.get $max)) (then (local.set $max (local.get $x))))
            (if (f32.lt (local.get $x) (local.get $below)) (then (local.set $n (i32.add (local.get $n) (i32.const 1)))))
            (local.set $p (i32.add (local.get $p) (i32.const 4)))
            (br $rest)))
        (f64.store offset=0 (local.get $out) (local.get $sum))
        (f64.store offset=8 (local.get $out) (local.get $squares))
        (f64.store offset=16 (local.get $out) (f64.promote_f32 (local.get $max)))
        (f64.store offset=24 (local.get $out) (f64.convert_i32_u (local.get $n)))
        (local.set $out (i32.add (local.get $out) (i32.const 32)))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $tokens)))))
