;; The step kernel of gradient descent on a deep linear network, scalar (no SIMD): the twin of
;; kernel-simd.wat and the fallback where a browser rejects SIMD, with that file's loops written out for
;; one lane where it has two. One call of "step" is one LossGradient.step with the cost inside (MseCost
;; or CompletionCost): the same IEEE operations in the same order (see LossGradient and
;; SummationOrderTest), on linear memory laid out by KernelLayout. The functions at the end do the
;; gradient flow's vector work (KernelFlow, in GradientFlow's order).
;;
;; Layout (byte addresses, all from the table): W_l is n_l rows of stride s_{l−1} (n_{l−1} rounded up to
;; even; pads zero), P_l = W_l ⋯ W_1 is n_l rows of stride n0p (P_1 is W_1), P_lᵀ and D_lᵀ are n_0 rows
;; of stride s_l. Every sum is one chain, added left to right; the chains of the forward pass, the
;; back-propagation and RXᵀ start from +0, the gradient's from its first term (as in LossGradient).
;; Edit this file and kernel-simd.wat together, then `./mvnw -q -o test-compile exec:java@assemble-kernels`.
(module
  (memory (export "memory") 1)

  ;; The step's table (i32 words at $t, written by KernelLayout): 0 depth L, 1 n0, 2 n0p (n0 rounded up
  ;; to even), 3 the cost (1 MSE, 2 completion, 0 the host's), 4–11 the cost's operands (MSE: N, N rounded
  ;; up to even, X, Xᵀ, Y, R, the scratch of R Xᵀ; completion: the count, the entries, the targets), and from word 16
  ;; six words per layer l = 1 … L: n_l, s_l (n_l rounded up to even), W_l, P_l, P_lᵀ, D_lᵀ.

  ;; P_l = W_l P_{l−1} for l = 2 … L (P_1 is W_1), then P_lᵀ for l < L (the gradients of layer l + 1).
  (func $forwardAll (export "forwardAll") (param $t i32)
    (local $l i32) (local $e i32) (local $depth i32)
    (local.set $depth (i32.load (local.get $t)))
    (local.set $l (i32.const 2))
    (block $done
      (loop $next
        (br_if $done (i32.gt_u (local.get $l) (local.get $depth)))
        (local.set $e (i32.add (local.get $t) (i32.add (i32.const 40) (i32.mul (local.get $l) (i32.const 24)))))
        (call $forward (i32.load offset=8 (local.get $e)) (i32.load (local.get $e))
          (i32.load offset=0 (i32.sub (local.get $e) (i32.const 24))) (i32.load offset=4 (i32.sub (local.get $e) (i32.const 24)))
          (i32.load offset=12 (i32.sub (local.get $e) (i32.const 24))) (i32.load offset=12 (local.get $e))
          (i32.load offset=8 (local.get $t)))
        (local.set $l (i32.add (local.get $l) (i32.const 1)))
        (br $next)))
    (local.set $l (i32.const 1))
    (block $done2
      (loop $next2
        (br_if $done2 (i32.ge_u (local.get $l) (local.get $depth)))
        (local.set $e (i32.add (local.get $t) (i32.add (i32.const 40) (i32.mul (local.get $l) (i32.const 24)))))
        (call $transpose (i32.load offset=12 (local.get $e)) (i32.load (local.get $e)) (i32.load offset=4 (local.get $t))
          (i32.load offset=8 (local.get $t)) (i32.load offset=16 (local.get $e)) (i32.load offset=4 (local.get $e)))
        (local.set $l (i32.add (local.get $l) (i32.const 1)))
        (br $next2))))

  ;; The backward sweep for l = L … 1 after G is in D_Lᵀ: W_l ← W_l − η ∇_{W_l}, or with $gd ≠ 0 the
  ;; flow's velocity −∇_{W_l} stored at W_l + $gd (a block laid out as the weights) and θ left as it is
  ;; (negation is exact, so −∇ has ∇'s bits but the sign).
  (func $backwardAll (export "backwardAll") (param $t i32) (param $eta f64) (param $gd i32)
    (local $l i32) (local $e i32) (local $p i32)
    (local.set $l (i32.load (local.get $t)))
    (block $done
      (loop $next
        (br_if $done (i32.lt_u (local.get $l) (i32.const 2)))
        (local.set $e (i32.add (local.get $t) (i32.add (i32.const 40) (i32.mul (local.get $l) (i32.const 24)))))
        (local.set $p (i32.sub (local.get $e) (i32.const 24)))
        (call $backward (i32.load offset=8 (local.get $e)) (i32.load (local.get $e)) (i32.load (local.get $p))
          (i32.load offset=4 (local.get $p)) (i32.load offset=20 (local.get $e)) (i32.load offset=4 (local.get $e))
          (i32.load offset=20 (local.get $p)) (i32.load offset=16 (local.get $p)) (i32.load offset=4 (local.get $t))
          (local.get $eta)
          (select (i32.add (i32.load offset=8 (local.get $e)) (local.get $gd)) (i32.const 0) (local.get $gd)))
        (local.set $l (i32.sub (local.get $l) (i32.const 1)))
        (br $next)))
    (local.set $e (i32.add (local.get $t) (i32.const 64)))
    (call $first (i32.load offset=8 (local.get $e)) (i32.load (local.get $e)) (i32.load offset=4 (local.get $t))
      (i32.load offset=8 (local.get $t)) (i32.load offset=20 (local.get $e)) (i32.load offset=4 (local.get $e))
      (local.get $eta) (select (i32.add (i32.load offset=8 (local.get $e)) (local.get $gd)) (i32.const 0) (local.get $gd))))

  ;; C(A) with A = P_L, and G = ∂C/∂A into D_Lᵀ, by the table's cost.
  (func $cost (export "cost") (param $t i32) (result f64)
    (local $e i32)
    (local.set $e (i32.add (local.get $t) (i32.add (i32.const 40) (i32.mul (i32.load (local.get $t)) (i32.const 24)))))
    (if (result f64) (i32.eq (i32.load offset=12 (local.get $t)) (i32.const 1))
      (then (call $mse (i32.load offset=12 (local.get $e)) (i32.load (local.get $e)) (i32.load offset=4 (local.get $t))
        (i32.load offset=8 (local.get $t)) (i32.load offset=20 (local.get $e)) (i32.load offset=4 (local.get $e))
        (i32.load offset=16 (local.get $t)) (i32.load offset=20 (local.get $t)) (i32.load offset=24 (local.get $t))
        (i32.load offset=28 (local.get $t)) (i32.load offset=32 (local.get $t)) (i32.load offset=36 (local.get $t))
        (i32.load offset=40 (local.get $t))))
      (else (call $completion (i32.load offset=20 (local.get $e)) (i32.mul (i32.load offset=4 (local.get $t))
        (i32.load offset=4 (local.get $e))) (i32.load offset=16 (local.get $t)) (i32.load offset=20 (local.get $t))
        (i32.load offset=24 (local.get $t))))))

  ;; One step θ ← θ − η ∇L(θ); returns L(θ) before it.
  (func (export "step") (param $t i32) (param $eta f64) (result f64)
    (local $loss f64)
    (call $forwardAll (local.get $t))
    (local.set $loss (call $cost (local.get $t)))
    (call $backwardAll (local.get $t) (local.get $eta) (i32.const 0))
    (local.get $loss))

  ;; Matrix completion, as CompletionCost: D_Lᵀ (dts8 bytes) zeroed, then for each observed entry in
  ;; ascending order (i32 pairs at $obs: the byte address of A_km in P_L, of G_km in D_Lᵀ; A*_km at $tg)
  ;; r = A_km − A*_km, Σ r² in that order, G_km = 2/N · r; returns Σ r² / N.
  (func $completion (param $dtL i32) (param $dtWords i32) (param $count i32) (param $obs i32) (param $tg i32)
        (result f64)
    (local $k i32) (local $r f64) (local $sum f64) (local $scale f64)
    (block $z_done
      (loop $z
        (br_if $z_done (i32.ge_u (local.get $k) (local.get $dtWords)))
        (f64.store (i32.add (local.get $dtL) (i32.shl (local.get $k) (i32.const 3))) (f64.const 0))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $z)))
    (local.set $scale (f64.div (f64.const 2) (f64.convert_i32_s (local.get $count))))
    (local.set $k (i32.const 0))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $k) (local.get $count)))
        (local.set $r (f64.sub (f64.load (i32.load (i32.add (local.get $obs) (i32.shl (local.get $k) (i32.const 3)))))
          (f64.load (i32.add (local.get $tg) (i32.shl (local.get $k) (i32.const 3))))))
        (local.set $sum (f64.add (local.get $sum) (f64.mul (local.get $r) (local.get $r))))
        (f64.store (i32.load offset=4 (i32.add (local.get $obs) (i32.shl (local.get $k) (i32.const 3))))
          (f64.mul (local.get $scale) (local.get $r)))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $next)))
    (f64.div (local.get $sum) (f64.convert_i32_s (local.get $count))))

  ;; out[i][j] = Σ_k w[i][k] · prev[k][j] for i < rows, j < n0p (P_l = W_l P_{l−1}, chains in order of k).
  ;; 2 rows per pass, up to 4 columns j per block held in registers: each W element is
  ;; read once per block and each element of prev once per 2 rows. Missing rows of the last pass repeat
  ;; the last real row and are not stored.
  (func $forward (param $w i32) (param $rows i32) (param $cols i32) (param $ws i32)
        (param $prev i32) (param $out i32) (param $n0p i32)
    (local $i i32) (local $jp i32) (local $k i32) (local $pk i32) (local $v i32) (local $kb i32)
    (local $rowBytes i32) (local $pStride i32) (local $last i32)
    (local $wa i32) (local $oa i32) (local $xa f64) (local $wb i32) (local $ob i32) (local $xb f64)
    (local $a0 f64) (local $a1 f64) (local $a2 f64) (local $a3 f64) (local $b0 f64) (local $b1 f64) (local $b2 f64) (local $b3 f64)
    (local $p0 f64) (local $p1 f64) (local $p2 f64) (local $p3 f64)
    (local.set $rowBytes (i32.shl (local.get $ws) (i32.const 3)))
    (local.set $pStride (i32.shl (local.get $n0p) (i32.const 3)))
    (local.set $kb (i32.shl (local.get $cols) (i32.const 3)))
    (block $rows_done
      (loop $row
        (br_if $rows_done (i32.ge_u (local.get $i) (local.get $rows)))
        (local.set $last (i32.sub (local.get $rows) (i32.const 1)))
        (local.set $wa (i32.add (local.get $w) (i32.mul (select (i32.add (local.get $i) (i32.const 0)) (local.get $last) (i32.lt_u (i32.add (local.get $i) (i32.const 0)) (local.get $rows))) (local.get $rowBytes))))
        (local.set $oa (i32.add (local.get $out) (i32.mul (i32.add (local.get $i) (i32.const 0)) (local.get $pStride))))
        (local.set $wb (i32.add (local.get $w) (i32.mul (select (i32.add (local.get $i) (i32.const 1)) (local.get $last) (i32.lt_u (i32.add (local.get $i) (i32.const 1)) (local.get $rows))) (local.get $rowBytes))))
        (local.set $ob (i32.add (local.get $out) (i32.mul (i32.add (local.get $i) (i32.const 1)) (local.get $pStride))))
        (local.set $jp (i32.const 0))
        (block $blocks_done
          (loop $block
            (br_if $blocks_done (i32.ge_u (local.get $jp) (local.get $n0p)))
            (local.set $v (i32.sub (local.get $n0p) (local.get $jp)))
            (if (i32.gt_u (local.get $v) (i32.const 4)) (then (local.set $v (i32.const 4))))
            (if (i32.eq (local.get $v) (i32.const 1)) (then
              (local.set $a0 (f64.const 0))
              (local.set $b0 (f64.const 0))
              (local.set $pk (i32.add (local.get $prev) (i32.shl (local.get $jp) (i32.const 3))))
              (local.set $k (i32.const 0))
              (block $k_done1
                (loop $kk1
                  (br_if $k_done1 (i32.ge_u (local.get $k) (local.get $kb)))
                  (local.set $xa (f64.load (i32.add (local.get $wa) (local.get $k))))
                  (local.set $xb (f64.load (i32.add (local.get $wb) (local.get $k))))
                  (local.set $p0 (f64.load offset=0 (local.get $pk)))
                  (local.set $a0 (f64.add (local.get $a0) (f64.mul (local.get $xa) (local.get $p0))))
                  (local.set $b0 (f64.add (local.get $b0) (f64.mul (local.get $xb) (local.get $p0))))
                  (local.set $pk (i32.add (local.get $pk) (local.get $pStride)))
                  (local.set $k (i32.add (local.get $k) (i32.const 8)))
                  (br $kk1)))
              (f64.store offset=0 (i32.add (local.get $oa) (i32.shl (local.get $jp) (i32.const 3))) (local.get $a0))
              (if (i32.lt_u (i32.add (local.get $i) (i32.const 1)) (local.get $rows)) (then (f64.store offset=0 (i32.add (local.get $ob) (i32.shl (local.get $jp) (i32.const 3))) (local.get $b0))))
              ))
            (if (i32.eq (local.get $v) (i32.const 2)) (then
              (local.set $a0 (f64.const 0))
              (local.set $a1 (f64.const 0))
              (local.set $b0 (f64.const 0))
              (local.set $b1 (f64.const 0))
              (local.set $pk (i32.add (local.get $prev) (i32.shl (local.get $jp) (i32.const 3))))
              (local.set $k (i32.const 0))
              (block $k_done2
                (loop $kk2
                  (br_if $k_done2 (i32.ge_u (local.get $k) (local.get $kb)))
                  (local.set $xa (f64.load (i32.add (local.get $wa) (local.get $k))))
                  (local.set $xb (f64.load (i32.add (local.get $wb) (local.get $k))))
                  (local.set $p0 (f64.load offset=0 (local.get $pk)))
                  (local.set $p1 (f64.load offset=8 (local.get $pk)))
                  (local.set $a0 (f64.add (local.get $a0) (f64.mul (local.get $xa) (local.get $p0))))
                  (local.set $b0 (f64.add (local.get $b0) (f64.mul (local.get $xb) (local.get $p0))))
                  (local.set $a1 (f64.add (local.get $a1) (f64.mul (local.get $xa) (local.get $p1))))
                  (local.set $b1 (f64.add (local.get $b1) (f64.mul (local.get $xb) (local.get $p1))))
                  (local.set $pk (i32.add (local.get $pk) (local.get $pStride)))
                  (local.set $k (i32.add (local.get $k) (i32.const 8)))
                  (br $kk2)))
              (f64.store offset=0 (i32.add (local.get $oa) (i32.shl (local.get $jp) (i32.const 3))) (local.get $a0)) (f64.store offset=8 (i32.add (local.get $oa) (i32.shl (local.get $jp) (i32.const 3))) (local.get $a1))
              (if (i32.lt_u (i32.add (local.get $i) (i32.const 1)) (local.get $rows)) (then (f64.store offset=0 (i32.add (local.get $ob) (i32.shl (local.get $jp) (i32.const 3))) (local.get $b0)) (f64.store offset=8 (i32.add (local.get $ob) (i32.shl (local.get $jp) (i32.const 3))) (local.get $b1))))
              ))
            (if (i32.eq (local.get $v) (i32.const 3)) (then
              (local.set $a0 (f64.const 0))
              (local.set $a1 (f64.const 0))
              (local.set $a2 (f64.const 0))
              (local.set $b0 (f64.const 0))
              (local.set $b1 (f64.const 0))
              (local.set $b2 (f64.const 0))
              (local.set $pk (i32.add (local.get $prev) (i32.shl (local.get $jp) (i32.const 3))))
              (local.set $k (i32.const 0))
              (block $k_done3
                (loop $kk3
                  (br_if $k_done3 (i32.ge_u (local.get $k) (local.get $kb)))
                  (local.set $xa (f64.load (i32.add (local.get $wa) (local.get $k))))
                  (local.set $xb (f64.load (i32.add (local.get $wb) (local.get $k))))
                  (local.set $p0 (f64.load offset=0 (local.get $pk)))
                  (local.set $p1 (f64.load offset=8 (local.get $pk)))
                  (local.set $p2 (f64.load offset=16 (local.get $pk)))
                  (local.set $a0 (f64.add (local.get $a0) (f64.mul (local.get $xa) (local.get $p0))))
                  (local.set $b0 (f64.add (local.get $b0) (f64.mul (local.get $xb) (local.get $p0))))
                  (local.set $a1 (f64.add (local.get $a1) (f64.mul (local.get $xa) (local.get $p1))))
                  (local.set $b1 (f64.add (local.get $b1) (f64.mul (local.get $xb) (local.get $p1))))
                  (local.set $a2 (f64.add (local.get $a2) (f64.mul (local.get $xa) (local.get $p2))))
                  (local.set $b2 (f64.add (local.get $b2) (f64.mul (local.get $xb) (local.get $p2))))
                  (local.set $pk (i32.add (local.get $pk) (local.get $pStride)))
                  (local.set $k (i32.add (local.get $k) (i32.const 8)))
                  (br $kk3)))
              (f64.store offset=0 (i32.add (local.get $oa) (i32.shl (local.get $jp) (i32.const 3))) (local.get $a0)) (f64.store offset=8 (i32.add (local.get $oa) (i32.shl (local.get $jp) (i32.const 3))) (local.get $a1)) (f64.store offset=16 (i32.add (local.get $oa) (i32.shl (local.get $jp) (i32.const 3))) (local.get $a2))
              (if (i32.lt_u (i32.add (local.get $i) (i32.const 1)) (local.get $rows)) (then (f64.store offset=0 (i32.add (local.get $ob) (i32.shl (local.get $jp) (i32.const 3))) (local.get $b0)) (f64.store offset=8 (i32.add (local.get $ob) (i32.shl (local.get $jp) (i32.const 3))) (local.get $b1)) (f64.store offset=16 (i32.add (local.get $ob) (i32.shl (local.get $jp) (i32.const 3))) (local.get $b2))))
              ))
            (if (i32.eq (local.get $v) (i32.const 4)) (then
              (local.set $a0 (f64.const 0))
              (local.set $a1 (f64.const 0))
              (local.set $a2 (f64.const 0))
              (local.set $a3 (f64.const 0))
              (local.set $b0 (f64.const 0))
              (local.set $b1 (f64.const 0))
              (local.set $b2 (f64.const 0))
              (local.set $b3 (f64.const 0))
              (local.set $pk (i32.add (local.get $prev) (i32.shl (local.get $jp) (i32.const 3))))
              (local.set $k (i32.const 0))
              (block $k_done4
                (loop $kk4
                  (br_if $k_done4 (i32.ge_u (local.get $k) (local.get $kb)))
                  (local.set $xa (f64.load (i32.add (local.get $wa) (local.get $k))))
                  (local.set $xb (f64.load (i32.add (local.get $wb) (local.get $k))))
                  (local.set $p0 (f64.load offset=0 (local.get $pk)))
                  (local.set $p1 (f64.load offset=8 (local.get $pk)))
                  (local.set $p2 (f64.load offset=16 (local.get $pk)))
                  (local.set $p3 (f64.load offset=24 (local.get $pk)))
                  (local.set $a0 (f64.add (local.get $a0) (f64.mul (local.get $xa) (local.get $p0))))
                  (local.set $b0 (f64.add (local.get $b0) (f64.mul (local.get $xb) (local.get $p0))))
                  (local.set $a1 (f64.add (local.get $a1) (f64.mul (local.get $xa) (local.get $p1))))
                  (local.set $b1 (f64.add (local.get $b1) (f64.mul (local.get $xb) (local.get $p1))))
                  (local.set $a2 (f64.add (local.get $a2) (f64.mul (local.get $xa) (local.get $p2))))
                  (local.set $b2 (f64.add (local.get $b2) (f64.mul (local.get $xb) (local.get $p2))))
                  (local.set $a3 (f64.add (local.get $a3) (f64.mul (local.get $xa) (local.get $p3))))
                  (local.set $b3 (f64.add (local.get $b3) (f64.mul (local.get $xb) (local.get $p3))))
                  (local.set $pk (i32.add (local.get $pk) (local.get $pStride)))
                  (local.set $k (i32.add (local.get $k) (i32.const 8)))
                  (br $kk4)))
              (f64.store offset=0 (i32.add (local.get $oa) (i32.shl (local.get $jp) (i32.const 3))) (local.get $a0)) (f64.store offset=8 (i32.add (local.get $oa) (i32.shl (local.get $jp) (i32.const 3))) (local.get $a1)) (f64.store offset=16 (i32.add (local.get $oa) (i32.shl (local.get $jp) (i32.const 3))) (local.get $a2)) (f64.store offset=24 (i32.add (local.get $oa) (i32.shl (local.get $jp) (i32.const 3))) (local.get $a3))
              (if (i32.lt_u (i32.add (local.get $i) (i32.const 1)) (local.get $rows)) (then (f64.store offset=0 (i32.add (local.get $ob) (i32.shl (local.get $jp) (i32.const 3))) (local.get $b0)) (f64.store offset=8 (i32.add (local.get $ob) (i32.shl (local.get $jp) (i32.const 3))) (local.get $b1)) (f64.store offset=16 (i32.add (local.get $ob) (i32.shl (local.get $jp) (i32.const 3))) (local.get $b2)) (f64.store offset=24 (i32.add (local.get $ob) (i32.shl (local.get $jp) (i32.const 3))) (local.get $b3))))
              ))
            (local.set $jp (i32.add (local.get $jp) (local.get $v)))
            (br $block)))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (br $row))))

  ;; The sweep over W_l, l ≥ 2, four rows at a time (then one at a time): first
  ;; D_{l−1}ᵀ[j][k] += D_lᵀ[j][i] · W_l[i][k] for the group's rows in order (with the old rows; prevDt is
  ;; zeroed first, so each sum is a chain over i from +0), then each row's gradient
  ;; ∇W_l[i][k] = Σ_j D_lᵀ[j][i] · P_{l−1}ᵀ[j][k] (a chain over j from its first term) and
  ;; W_l[i][k] = W_l[i][k] − η·∇ — or, when grad ≠ 0, −∇ stored at grad (W's layout) and W left as it is.
  ;; Columns k one at a time (rows have even stride ws, the pad included); the four rows' gradients share each load
  ;; of P_{l−1}ᵀ.
  (func $backward (param $w i32) (param $rows i32) (param $cols i32) (param $ws i32)
        (param $dt i32) (param $dts i32) (param $prevDt i32) (param $prevPt i32) (param $n0 i32)
        (param $eta f64) (param $grad i32)
    (local $i i32) (local $j i32) (local $k i32) (local $e f64) (local $n i32) (local $rowBytes i32)
    (local $dStride i32) (local $wa i32) (local $q i32) (local $d i32) (local $pp i32) (local $pv f64)
    (local $ca f64) (local $cb f64) (local $cc f64) (local $cd f64)
    (local $ga f64) (local $gb f64) (local $gc f64) (local $gd f64) (local $a i32)
    (local $ca0 f64) (local $cb0 f64) (local $cc0 f64) (local $cd0 f64) (local $ca1 f64) (local $cb1 f64) (local $cc1 f64) (local $cd1 f64)
    (local $xa f64) (local $xb f64) (local $xc f64) (local $xd f64) (local $qa i32)
    (local $ga0 f64) (local $gb0 f64) (local $gc0 f64) (local $gd0 f64)
    (local $ga1 f64) (local $gb1 f64) (local $gc1 f64) (local $gd1 f64) (local $pv0 f64) (local $pv1 f64)
    (local.set $rowBytes (i32.shl (local.get $ws) (i32.const 3)))
    (local.set $dStride (i32.shl (local.get $dts) (i32.const 3)))
    (local.set $e (local.get $eta))
    ;; prevDt = 0 (n0 rows of ws)
    (local.set $n (i32.mul (local.get $n0) (local.get $rowBytes)))
    (block $z_done
      (loop $z
        (br_if $z_done (i32.ge_u (local.get $k) (local.get $n)))
        (f64.store (i32.add (local.get $prevDt) (local.get $k)) (f64.const 0))
        (local.set $k (i32.add (local.get $k) (i32.const 8)))
        (br $z)))
    ;; groups of four rows (i is a multiple of 4)
    (block $groups_done
      (loop $group
        (br_if $groups_done (i32.gt_u (i32.add (local.get $i) (i32.const 4)) (local.get $rows)))
        (local.set $wa (i32.add (local.get $w) (i32.mul (local.get $i) (local.get $rowBytes))))
        ;; back-propagation: q = q + ca·wa + cb·wb + cc·wc + cd·wd, left to right, two j at a time
        (local.set $j (i32.const 0))
        (block $bp_done
          (loop $bp
            (br_if $bp_done (i32.gt_u (i32.add (local.get $j) (i32.const 2)) (local.get $n0)))
            (local.set $d (i32.add (local.get $dt) (i32.add (i32.mul (i32.add (local.get $j) (i32.const 0)) (local.get $dStride)) (i32.shl (local.get $i) (i32.const 3)))))
            (local.set $ca0 (f64.load offset=0 (local.get $d)))
            (local.set $cb0 (f64.load offset=8 (local.get $d)))
            (local.set $cc0 (f64.load offset=16 (local.get $d)))
            (local.set $cd0 (f64.load offset=24 (local.get $d)))
            (local.set $d (i32.add (local.get $dt) (i32.add (i32.mul (i32.add (local.get $j) (i32.const 1)) (local.get $dStride)) (i32.shl (local.get $i) (i32.const 3)))))
            (local.set $ca1 (f64.load offset=0 (local.get $d)))
            (local.set $cb1 (f64.load offset=8 (local.get $d)))
            (local.set $cc1 (f64.load offset=16 (local.get $d)))
            (local.set $cd1 (f64.load offset=24 (local.get $d)))
            (local.set $q (i32.add (local.get $prevDt) (i32.mul (local.get $j) (local.get $rowBytes))))
            (local.set $k (i32.const 0))
            (block $k_donep
              (loop $kkp
                (br_if $k_donep (i32.ge_u (local.get $k) (local.get $rowBytes)))
                (local.set $a (i32.add (local.get $wa) (local.get $k)))
                (local.set $xa (f64.load (local.get $a)))
                (local.set $xb (f64.load (i32.add (local.get $a) (local.get $rowBytes))))
                (local.set $xc (f64.load (i32.add (local.get $a) (i32.shl (local.get $rowBytes) (i32.const 1)))))
                (local.set $xd (f64.load (i32.add (local.get $a) (i32.mul (local.get $rowBytes) (i32.const 3)))))
                (local.set $qa (i32.add (local.get $q) (local.get $k)))
                (f64.store (local.get $qa)
                  (f64.add (f64.add (f64.add (f64.add (f64.load (local.get $qa))
                    (f64.mul (local.get $ca0) (local.get $xa))) (f64.mul (local.get $cb0) (local.get $xb)))
                    (f64.mul (local.get $cc0) (local.get $xc))) (f64.mul (local.get $cd0) (local.get $xd))))
                (local.set $qa (i32.add (i32.add (local.get $q) (local.get $k)) (i32.mul (local.get $rowBytes) (i32.const 1))))
                (f64.store (local.get $qa)
                  (f64.add (f64.add (f64.add (f64.add (f64.load (local.get $qa))
                    (f64.mul (local.get $ca1) (local.get $xa))) (f64.mul (local.get $cb1) (local.get $xb)))
                    (f64.mul (local.get $cc1) (local.get $xc))) (f64.mul (local.get $cd1) (local.get $xd))))
                (local.set $k (i32.add (local.get $k) (i32.const 8)))
                (br $kkp)))
            (local.set $j (i32.add (local.get $j) (i32.const 2)))
            (br $bp)))
        (if (i32.lt_u (local.get $j) (local.get $n0)) (then
            (local.set $d (i32.add (local.get $dt) (i32.add (i32.mul (i32.add (local.get $j) (i32.const 0)) (local.get $dStride)) (i32.shl (local.get $i) (i32.const 3)))))
            (local.set $ca0 (f64.load offset=0 (local.get $d)))
            (local.set $cb0 (f64.load offset=8 (local.get $d)))
            (local.set $cc0 (f64.load offset=16 (local.get $d)))
            (local.set $cd0 (f64.load offset=24 (local.get $d)))
            (local.set $q (i32.add (local.get $prevDt) (i32.mul (local.get $j) (local.get $rowBytes))))
            (local.set $k (i32.const 0))
            (block $k_dones
              (loop $kks
                (br_if $k_dones (i32.ge_u (local.get $k) (local.get $rowBytes)))
                (local.set $a (i32.add (local.get $wa) (local.get $k)))
                (local.set $xa (f64.load (local.get $a)))
                (local.set $xb (f64.load (i32.add (local.get $a) (local.get $rowBytes))))
                (local.set $xc (f64.load (i32.add (local.get $a) (i32.shl (local.get $rowBytes) (i32.const 1)))))
                (local.set $xd (f64.load (i32.add (local.get $a) (i32.mul (local.get $rowBytes) (i32.const 3)))))
                (local.set $qa (i32.add (local.get $q) (local.get $k)))
                (f64.store (local.get $qa)
                  (f64.add (f64.add (f64.add (f64.add (f64.load (local.get $qa))
                    (f64.mul (local.get $ca0) (local.get $xa))) (f64.mul (local.get $cb0) (local.get $xb)))
                    (f64.mul (local.get $cc0) (local.get $xc))) (f64.mul (local.get $cd0) (local.get $xd))))
                (local.set $k (i32.add (local.get $k) (i32.const 8)))
                (br $kks)))))
        ;; the four gradient rows, two columns at a time (then the last one), and their updates
        (local.set $k (i32.const 0))
        (block $g_done
          (loop $gk
            (br_if $g_done (i32.gt_u (i32.add (local.get $k) (i32.const 16)) (local.get $rowBytes)))
            (local.set $d (i32.add (local.get $dt) (i32.shl (local.get $i) (i32.const 3))))
            (local.set $pp (i32.add (local.get $prevPt) (local.get $k)))
            (local.set $pv0 (f64.load offset=0 (local.get $pp)))
            (local.set $pv1 (f64.load offset=8 (local.get $pp)))
            (local.set $ca (f64.load offset=0 (local.get $d)))
            (local.set $ga0 (f64.mul (local.get $ca) (local.get $pv0)))
            (local.set $ga1 (f64.mul (local.get $ca) (local.get $pv1)))
            (local.set $cb (f64.load offset=8 (local.get $d)))
            (local.set $gb0 (f64.mul (local.get $cb) (local.get $pv0)))
            (local.set $gb1 (f64.mul (local.get $cb) (local.get $pv1)))
            (local.set $cc (f64.load offset=16 (local.get $d)))
            (local.set $gc0 (f64.mul (local.get $cc) (local.get $pv0)))
            (local.set $gc1 (f64.mul (local.get $cc) (local.get $pv1)))
            (local.set $cd (f64.load offset=24 (local.get $d)))
            (local.set $gd0 (f64.mul (local.get $cd) (local.get $pv0)))
            (local.set $gd1 (f64.mul (local.get $cd) (local.get $pv1)))
            (local.set $j (i32.const 1))
            (block $j_donep
              (loop $jjp
                (br_if $j_donep (i32.ge_u (local.get $j) (local.get $n0)))
                (local.set $d (i32.add (local.get $d) (local.get $dStride)))
                (local.set $pp (i32.add (local.get $pp) (local.get $rowBytes)))
                (local.set $pv0 (f64.load offset=0 (local.get $pp)))
                (local.set $pv1 (f64.load offset=8 (local.get $pp)))
                (local.set $ca (f64.load offset=0 (local.get $d)))
                (local.set $ga0 (f64.add (local.get $ga0) (f64.mul (local.get $ca) (local.get $pv0))))
                (local.set $ga1 (f64.add (local.get $ga1) (f64.mul (local.get $ca) (local.get $pv1))))
                (local.set $cb (f64.load offset=8 (local.get $d)))
                (local.set $gb0 (f64.add (local.get $gb0) (f64.mul (local.get $cb) (local.get $pv0))))
                (local.set $gb1 (f64.add (local.get $gb1) (f64.mul (local.get $cb) (local.get $pv1))))
                (local.set $cc (f64.load offset=16 (local.get $d)))
                (local.set $gc0 (f64.add (local.get $gc0) (f64.mul (local.get $cc) (local.get $pv0))))
                (local.set $gc1 (f64.add (local.get $gc1) (f64.mul (local.get $cc) (local.get $pv1))))
                (local.set $cd (f64.load offset=24 (local.get $d)))
                (local.set $gd0 (f64.add (local.get $gd0) (f64.mul (local.get $cd) (local.get $pv0))))
                (local.set $gd1 (f64.add (local.get $gd1) (f64.mul (local.get $cd) (local.get $pv1))))
                (local.set $j (i32.add (local.get $j) (i32.const 1)))
                (br $jjp)))
            (local.set $a (i32.add (local.get $wa) (local.get $k)))
            (if (local.get $grad)
              (then
                (local.set $a (i32.add (local.get $grad) (i32.sub (local.get $a) (local.get $w))))
                (f64.store offset=0 (local.get $a) (f64.neg (local.get $ga0)))
                (f64.store offset=8 (local.get $a) (f64.neg (local.get $ga1)))
                (local.set $a (i32.add (local.get $a) (local.get $rowBytes)))
                (f64.store offset=0 (local.get $a) (f64.neg (local.get $gb0)))
                (f64.store offset=8 (local.get $a) (f64.neg (local.get $gb1)))
                (local.set $a (i32.add (local.get $a) (local.get $rowBytes)))
                (f64.store offset=0 (local.get $a) (f64.neg (local.get $gc0)))
                (f64.store offset=8 (local.get $a) (f64.neg (local.get $gc1)))
                (local.set $a (i32.add (local.get $a) (local.get $rowBytes)))
                (f64.store offset=0 (local.get $a) (f64.neg (local.get $gd0)))
                (f64.store offset=8 (local.get $a) (f64.neg (local.get $gd1)))
                )
              (else
                (f64.store offset=0 (local.get $a) (f64.sub (f64.load offset=0 (local.get $a)) (f64.mul (local.get $e) (local.get $ga0))))
                (f64.store offset=8 (local.get $a) (f64.sub (f64.load offset=8 (local.get $a)) (f64.mul (local.get $e) (local.get $ga1))))
                (local.set $a (i32.add (local.get $a) (local.get $rowBytes)))
                (f64.store offset=0 (local.get $a) (f64.sub (f64.load offset=0 (local.get $a)) (f64.mul (local.get $e) (local.get $gb0))))
                (f64.store offset=8 (local.get $a) (f64.sub (f64.load offset=8 (local.get $a)) (f64.mul (local.get $e) (local.get $gb1))))
                (local.set $a (i32.add (local.get $a) (local.get $rowBytes)))
                (f64.store offset=0 (local.get $a) (f64.sub (f64.load offset=0 (local.get $a)) (f64.mul (local.get $e) (local.get $gc0))))
                (f64.store offset=8 (local.get $a) (f64.sub (f64.load offset=8 (local.get $a)) (f64.mul (local.get $e) (local.get $gc1))))
                (local.set $a (i32.add (local.get $a) (local.get $rowBytes)))
                (f64.store offset=0 (local.get $a) (f64.sub (f64.load offset=0 (local.get $a)) (f64.mul (local.get $e) (local.get $gd0))))
                (f64.store offset=8 (local.get $a) (f64.sub (f64.load offset=8 (local.get $a)) (f64.mul (local.get $e) (local.get $gd1))))
                ))
            (local.set $k (i32.add (local.get $k) (i32.const 16)))
            (br $gk)))
        (if (i32.lt_u (local.get $k) (local.get $rowBytes)) (then
            (local.set $d (i32.add (local.get $dt) (i32.shl (local.get $i) (i32.const 3))))
            (local.set $pp (i32.add (local.get $prevPt) (local.get $k)))
            (local.set $pv0 (f64.load offset=0 (local.get $pp)))
            (local.set $ca (f64.load offset=0 (local.get $d)))
            (local.set $ga0 (f64.mul (local.get $ca) (local.get $pv0)))
            (local.set $cb (f64.load offset=8 (local.get $d)))
            (local.set $gb0 (f64.mul (local.get $cb) (local.get $pv0)))
            (local.set $cc (f64.load offset=16 (local.get $d)))
            (local.set $gc0 (f64.mul (local.get $cc) (local.get $pv0)))
            (local.set $cd (f64.load offset=24 (local.get $d)))
            (local.set $gd0 (f64.mul (local.get $cd) (local.get $pv0)))
            (local.set $j (i32.const 1))
            (block $j_dones
              (loop $jjs
                (br_if $j_dones (i32.ge_u (local.get $j) (local.get $n0)))
                (local.set $d (i32.add (local.get $d) (local.get $dStride)))
                (local.set $pp (i32.add (local.get $pp) (local.get $rowBytes)))
                (local.set $pv0 (f64.load offset=0 (local.get $pp)))
                (local.set $ca (f64.load offset=0 (local.get $d)))
                (local.set $ga0 (f64.add (local.get $ga0) (f64.mul (local.get $ca) (local.get $pv0))))
                (local.set $cb (f64.load offset=8 (local.get $d)))
                (local.set $gb0 (f64.add (local.get $gb0) (f64.mul (local.get $cb) (local.get $pv0))))
                (local.set $cc (f64.load offset=16 (local.get $d)))
                (local.set $gc0 (f64.add (local.get $gc0) (f64.mul (local.get $cc) (local.get $pv0))))
                (local.set $cd (f64.load offset=24 (local.get $d)))
                (local.set $gd0 (f64.add (local.get $gd0) (f64.mul (local.get $cd) (local.get $pv0))))
                (local.set $j (i32.add (local.get $j) (i32.const 1)))
                (br $jjs)))
            (local.set $a (i32.add (local.get $wa) (local.get $k)))
            (if (local.get $grad)
              (then
                (local.set $a (i32.add (local.get $grad) (i32.sub (local.get $a) (local.get $w))))
                (f64.store offset=0 (local.get $a) (f64.neg (local.get $ga0)))
                (local.set $a (i32.add (local.get $a) (local.get $rowBytes)))
                (f64.store offset=0 (local.get $a) (f64.neg (local.get $gb0)))
                (local.set $a (i32.add (local.get $a) (local.get $rowBytes)))
                (f64.store offset=0 (local.get $a) (f64.neg (local.get $gc0)))
                (local.set $a (i32.add (local.get $a) (local.get $rowBytes)))
                (f64.store offset=0 (local.get $a) (f64.neg (local.get $gd0)))
                )
              (else
                (f64.store offset=0 (local.get $a) (f64.sub (f64.load offset=0 (local.get $a)) (f64.mul (local.get $e) (local.get $ga0))))
                (local.set $a (i32.add (local.get $a) (local.get $rowBytes)))
                (f64.store offset=0 (local.get $a) (f64.sub (f64.load offset=0 (local.get $a)) (f64.mul (local.get $e) (local.get $gb0))))
                (local.set $a (i32.add (local.get $a) (local.get $rowBytes)))
                (f64.store offset=0 (local.get $a) (f64.sub (f64.load offset=0 (local.get $a)) (f64.mul (local.get $e) (local.get $gc0))))
                (local.set $a (i32.add (local.get $a) (local.get $rowBytes)))
                (f64.store offset=0 (local.get $a) (f64.sub (f64.load offset=0 (local.get $a)) (f64.mul (local.get $e) (local.get $gd0))))
                ))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $group)))
    ;; the last rows one at a time
    (block $rows_done
      (loop $row
        (br_if $rows_done (i32.ge_u (local.get $i) (local.get $rows)))
        (local.set $wa (i32.add (local.get $w) (i32.mul (local.get $i) (local.get $rowBytes))))
        (local.set $j (i32.const 0))
        (block $bp1_done
          (loop $bp1
            (br_if $bp1_done (i32.ge_u (local.get $j) (local.get $n0)))
            (local.set $ca (f64.load (i32.add (local.get $dt)
              (i32.add (i32.mul (local.get $j) (local.get $dStride)) (i32.shl (local.get $i) (i32.const 3))))))
            (local.set $q (i32.add (local.get $prevDt) (i32.mul (local.get $j) (local.get $rowBytes))))
            (local.set $k (i32.const 0))
            (block $k1_done
              (loop $kk1
                (br_if $k1_done (i32.ge_u (local.get $k) (local.get $rowBytes)))
                (f64.store (i32.add (local.get $q) (local.get $k)) (f64.add (f64.load (i32.add (local.get $q) (local.get $k)))
                  (f64.mul (local.get $ca) (f64.load (i32.add (local.get $wa) (local.get $k))))))
                (local.set $k (i32.add (local.get $k) (i32.const 8)))
                (br $kk1)))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $bp1)))
        (local.set $k (i32.const 0))
        (block $g1_done
          (loop $gk1
            (br_if $g1_done (i32.ge_u (local.get $k) (local.get $rowBytes)))
            (local.set $d (i32.add (local.get $dt) (i32.shl (local.get $i) (i32.const 3))))
            (local.set $pp (i32.add (local.get $prevPt) (local.get $k)))
            (local.set $ga (f64.mul (f64.load (local.get $d)) (f64.load (local.get $pp))))
            (local.set $j (i32.const 1))
            (block $j1_done
              (loop $jj1
                (br_if $j1_done (i32.ge_u (local.get $j) (local.get $n0)))
                (local.set $d (i32.add (local.get $d) (local.get $dStride)))
                (local.set $pp (i32.add (local.get $pp) (local.get $rowBytes)))
                (local.set $ga (f64.add (local.get $ga)
                  (f64.mul (f64.load (local.get $d)) (f64.load (local.get $pp)))))
                (local.set $j (i32.add (local.get $j) (i32.const 1)))
                (br $jj1)))
            (local.set $a (i32.add (local.get $wa) (local.get $k)))
            (if (local.get $grad)
              (then (f64.store (i32.add (local.get $grad) (i32.sub (local.get $a) (local.get $w))) (f64.neg (local.get $ga))))
              (else (f64.store (local.get $a)
                (f64.sub (f64.load (local.get $a)) (f64.mul (local.get $e) (local.get $ga))))))
            (local.set $k (i32.add (local.get $k) (i32.const 8)))
            (br $gk1)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $row))))

  ;; MSE, as MseCost: R = A X − Y row by row (r = −y, then + a_ij x_j for j in order),
  ;; Σ r² over i then m (one scalar chain), and G = 2/N · R Xᵀ (each entry a chain over m from +0, by the
  ;; forward product into the scratch g), written into D_Lᵀ[j][i]; returns Σ r² / N. A is P_L (nL rows of
  ;; stride n0p); X is n0 rows of stride np (N rounded up to even), Xᵀ N rows of stride n0p, Y and R nL
  ;; rows of stride np, g nL rows of stride n0p.
  (func $mse (param $a i32) (param $nL i32) (param $n0 i32) (param $n0p i32) (param $dtL i32) (param $dts i32)
        (param $n i32) (param $np i32) (param $x i32) (param $xt i32) (param $y i32) (param $r i32) (param $g i32)
        (result f64)
    (local $i i32) (local $j i32) (local $m i32) (local $ri i32) (local $aij f64) (local $xj i32) (local $v f64)
    (local $sum f64) (local $scale2 f64) (local $rowBytes i32) (local $o i32)
    (local.set $rowBytes (i32.shl (local.get $np) (i32.const 3)))
    (local.set $scale2 (f64.div (f64.const 2) (f64.convert_i32_s (local.get $n))))
    (block $rows_done
      (loop $row
        (br_if $rows_done (i32.ge_u (local.get $i) (local.get $nL)))
        (local.set $ri (i32.add (local.get $r) (i32.mul (local.get $i) (local.get $rowBytes))))
        (local.set $o (i32.sub (local.get $y) (local.get $r)))
        (local.set $m (i32.const 0))
        (block $y_done
          (loop $ym
            (br_if $y_done (i32.ge_u (local.get $m) (local.get $rowBytes)))
            (f64.store (i32.add (local.get $ri) (local.get $m))
              (f64.neg (f64.load (i32.add (i32.add (local.get $ri) (local.get $o)) (local.get $m)))))
            (local.set $m (i32.add (local.get $m) (i32.const 8)))
            (br $ym)))
        (local.set $j (i32.const 0))
        (block $j_done
          (loop $jj
            (br_if $j_done (i32.ge_u (local.get $j) (local.get $n0)))
            (local.set $aij (f64.load (i32.add (local.get $a)
              (i32.shl (i32.add (i32.mul (local.get $i) (local.get $n0p)) (local.get $j)) (i32.const 3)))))
            (local.set $xj (i32.add (local.get $x) (i32.mul (local.get $j) (local.get $rowBytes))))
            (local.set $m (i32.const 0))
            (block $m_done
              (loop $mm
                (br_if $m_done (i32.ge_u (local.get $m) (local.get $rowBytes)))
                (f64.store (i32.add (local.get $ri) (local.get $m))
                  (f64.add (f64.load (i32.add (local.get $ri) (local.get $m)))
                    (f64.mul (local.get $aij) (f64.load (i32.add (local.get $xj) (local.get $m))))))
                (local.set $m (i32.add (local.get $m) (i32.const 8)))
                (br $mm)))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $jj)))
        (local.set $m (i32.const 0))
        (block $s_done
          (loop $sm
            (br_if $s_done (i32.ge_u (local.get $m) (local.get $n)))
            (local.set $v (f64.load (i32.add (local.get $ri) (i32.shl (local.get $m) (i32.const 3)))))
            (local.set $sum (f64.add (local.get $sum) (f64.mul (local.get $v) (local.get $v))))
            (local.set $m (i32.add (local.get $m) (i32.const 1)))
            (br $sm)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $row)))
    ;; S = R Xᵀ (nL rows of stride n0p), each entry a chain over m from +0: the forward pass's product
    (call $forward (local.get $r) (local.get $nL) (local.get $n) (local.get $np) (local.get $xt) (local.get $g)
      (local.get $n0p))
    ;; G = 2/N · S, into D_Lᵀ[j][i]
    (local.set $i (i32.const 0))
    (block $gi_done
      (loop $gi
        (br_if $gi_done (i32.ge_u (local.get $i) (local.get $nL)))
        (local.set $j (i32.const 0))
        (block $gj_done
          (loop $gj
            (br_if $gj_done (i32.ge_u (local.get $j) (local.get $n0)))
            (f64.store (i32.add (local.get $dtL) (i32.shl (i32.add (i32.mul (local.get $j) (local.get $dts)) (local.get $i)) (i32.const 3)))
              (f64.mul (local.get $scale2) (f64.load (i32.add (local.get $g)
                (i32.shl (i32.add (i32.mul (local.get $i) (local.get $n0p)) (local.get $j)) (i32.const 3))))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $gj)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $gi)))
    (f64.div (local.get $sum) (f64.convert_i32_s (local.get $n))))

  ;; pt[j][i] = p[i][j] for i < rows, j < n0  (P_lᵀ from P_l; pt rows of stride pts)
  (func $transpose (param $p i32) (param $rows i32) (param $n0 i32) (param $n0p i32) (param $pt i32) (param $pts i32)
    (local $i i32) (local $j i32)
    (block $rows_done
      (loop $row
        (br_if $rows_done (i32.ge_u (local.get $i) (local.get $rows)))
        (local.set $j (i32.const 0))
        (block $cols_done
          (loop $col
            (br_if $cols_done (i32.ge_u (local.get $j) (local.get $n0)))
            (f64.store
              (i32.add (local.get $pt) (i32.shl (i32.add (i32.mul (local.get $j) (local.get $pts)) (local.get $i)) (i32.const 3)))
              (f64.load (i32.add (local.get $p) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $n0p)) (local.get $j)) (i32.const 3)))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $col)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $row))))

  ;; W_1: ∇W_1[i][k] = D_1ᵀ[k][i] (P_0 = I); W_1[i][k] −= η·∇, or −∇ stored at grad when grad ≠ 0.
  (func $first (param $w i32) (param $rows i32) (param $cols i32) (param $ws i32)
        (param $dt i32) (param $dts i32) (param $eta f64) (param $grad i32)
    (local $i i32) (local $k i32) (local $g f64) (local $a i32)
    (block $rows_done
      (loop $row
        (br_if $rows_done (i32.ge_u (local.get $i) (local.get $rows)))
        (local.set $k (i32.const 0))
        (block $k_done
          (loop $kk
            (br_if $k_done (i32.ge_u (local.get $k) (local.get $cols)))
            (local.set $g (f64.load (i32.add (local.get $dt)
              (i32.shl (i32.add (i32.mul (local.get $k) (local.get $dts)) (local.get $i)) (i32.const 3)))))
            (local.set $a (i32.add (local.get $w)
              (i32.shl (i32.add (i32.mul (local.get $i) (local.get $ws)) (local.get $k)) (i32.const 3))))
            (if (local.get $grad)
              (then (f64.store (i32.add (local.get $grad) (i32.sub (local.get $a) (local.get $w))) (f64.neg (local.get $g))))
              (else (f64.store (local.get $a)
                (f64.sub (f64.load (local.get $a)) (f64.mul (local.get $eta) (local.get $g))))))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br $kk)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $row))))

  ;; ‖W_{l+1}ᵀW_{l+1} − W_l W_lᵀ‖_F, as Balancedness.layerGap: the upper triangle of the difference, 32 rows
  ;; at a time (rows of stride np = n rounded up to even at $m), every entry one chain from +0: + x·u for the
  ;; rows u of W_{l+1} in order, then − y·c for the columns c of W_l in order (copied to $cols as rows of
  ;; stride np), four terms per pass, left-nested (the same chain as one per pass); then one chain over the
  ;; triangle: per row, the diagonal entry's square, then (2·d)·d for each entry right of it, in order.
  ;; Returns the square root. $up: W_{l+1} (above rows of stride $ups), $down: W_l (n rows of stride $downs).
  (func (export "balancedness") (param $up i32) (param $ups i32) (param $down i32) (param $downs i32)
        (param $n i32) (param $below i32) (param $above i32) (param $cols i32) (param $m i32) (result f64)
    (local $np i32) (local $rowBytes i32) (local $nb i32) (local $a i32) (local $k i32) (local $a0 i32) (local $a1 i32)
    (local $r i32) (local $b i32) (local $mo i32) (local $u0 i32) (local $u1 i32) (local $u2 i32) (local $u3 i32)
    (local $sum f64) (local $d f64) (local $upBytes i32) (local $step i32)
    (local $x0 f64) (local $x1 f64) (local $x2 f64) (local $x3 f64)
    (local.set $np (i32.and (i32.add (local.get $n) (i32.const 1)) (i32.const -2)))
    (local.set $rowBytes (i32.shl (local.get $np) (i32.const 3)))
    (local.set $nb (i32.shl (local.get $n) (i32.const 3)))
    (local.set $upBytes (i32.shl (local.get $ups) (i32.const 3)))
    ;; c[k][a] = W_l[a][k] (and a zero pad when n is odd)
    (local.set $a (i32.const 0))
    (block $ca_done (loop $ca
      (br_if $ca_done (i32.ge_u (local.get $a) (local.get $np)))
      (local.set $k (i32.const 0))
      (block $ck_done (loop $ck
        (br_if $ck_done (i32.ge_u (local.get $k) (local.get $below)))
        (f64.store (i32.add (local.get $cols) (i32.add (i32.mul (local.get $k) (local.get $rowBytes)) (i32.shl (local.get $a) (i32.const 3))))
          (if (result f64) (i32.lt_u (local.get $a) (local.get $n))
            (then (f64.load (i32.add (local.get $down) (i32.shl (i32.add (i32.mul (local.get $a) (local.get $downs)) (local.get $k)) (i32.const 3)))))
            (else (f64.const 0))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $ck)))
      (local.set $a (i32.add (local.get $a) (i32.const 1)))
      (br $ca)))
    (local.set $a0 (i32.const 0))
    (block $blocks_done (loop $block
      (br_if $blocks_done (i32.ge_u (local.get $a0) (local.get $n)))
      (local.set $a1 (select (local.get $n) (i32.add (local.get $a0) (i32.const 32)) (i32.lt_u (local.get $n) (i32.add (local.get $a0) (i32.const 32)))))
      ;; the block's rows to +0
      (local.set $b (i32.const 0))
      (block $z_done (loop $z
        (br_if $z_done (i32.ge_u (local.get $b) (i32.mul (i32.sub (local.get $a1) (local.get $a0)) (local.get $rowBytes))))
        (f64.store (i32.add (local.get $m) (local.get $b)) (f64.const 0))
        (local.set $b (i32.add (local.get $b) (i32.const 8)))
        (br $z)))
      ;; + x·u, rows of W_{l+1}, 4 per pass
      (local.set $r (i32.const 0))
      (block $pu4_done (loop $pu4
        (br_if $pu4_done (i32.gt_u (i32.add (local.get $r) (i32.const 4)) (local.get $above)))
        (local.set $u0 (i32.add (local.get $up) (i32.mul (i32.add (local.get $r) (i32.const 0)) (local.get $upBytes))))
        (local.set $u1 (i32.add (local.get $up) (i32.mul (i32.add (local.get $r) (i32.const 1)) (local.get $upBytes))))
        (local.set $u2 (i32.add (local.get $up) (i32.mul (i32.add (local.get $r) (i32.const 2)) (local.get $upBytes))))
        (local.set $u3 (i32.add (local.get $up) (i32.mul (i32.add (local.get $r) (i32.const 3)) (local.get $upBytes))))
        (local.set $a (local.get $a0))
        (block $pu4a_done (loop $pu4a
          (br_if $pu4a_done (i32.ge_u (local.get $a) (local.get $a1)))
          (local.set $x0 (f64.load (i32.add (local.get $u0) (i32.shl (local.get $a) (i32.const 3)))))
          (local.set $x1 (f64.load (i32.add (local.get $u1) (i32.shl (local.get $a) (i32.const 3)))))
          (local.set $x2 (f64.load (i32.add (local.get $u2) (i32.shl (local.get $a) (i32.const 3)))))
          (local.set $x3 (f64.load (i32.add (local.get $u3) (i32.shl (local.get $a) (i32.const 3)))))
          (local.set $mo (i32.add (local.get $m) (i32.mul (i32.sub (local.get $a) (local.get $a0)) (local.get $rowBytes))))
          (local.set $b (i32.shl (local.get $a) (i32.const 3)))
          (block $pu4b_done (loop $pu4b
            (br_if $pu4b_done (i32.ge_u (local.get $b) (local.get $nb)))
            (f64.store (i32.add (local.get $mo) (local.get $b))
              (f64.add (f64.add (f64.add (f64.add (f64.load (i32.add (local.get $mo) (local.get $b))) (f64.mul (local.get $x0) (f64.load (i32.add (local.get $u0) (local.get $b))))) (f64.mul (local.get $x1) (f64.load (i32.add (local.get $u1) (local.get $b))))) (f64.mul (local.get $x2) (f64.load (i32.add (local.get $u2) (local.get $b))))) (f64.mul (local.get $x3) (f64.load (i32.add (local.get $u3) (local.get $b))))))
            (local.set $b (i32.add (local.get $b) (i32.const 8)))
            (br $pu4b)))
          (local.set $a (i32.add (local.get $a) (i32.const 1)))
          (br $pu4a)))
        (local.set $r (i32.add (local.get $r) (i32.const 4)))
        (br $pu4)))
      ;; + x·u, rows of W_{l+1}, 1 per pass
      (block $pu1_done (loop $pu1
        (br_if $pu1_done (i32.gt_u (i32.add (local.get $r) (i32.const 1)) (local.get $above)))
        (local.set $u0 (i32.add (local.get $up) (i32.mul (i32.add (local.get $r) (i32.const 0)) (local.get $upBytes))))
        (local.set $a (local.get $a0))
        (block $pu1a_done (loop $pu1a
          (br_if $pu1a_done (i32.ge_u (local.get $a) (local.get $a1)))
          (local.set $x0 (f64.load (i32.add (local.get $u0) (i32.shl (local.get $a) (i32.const 3)))))
          (local.set $mo (i32.add (local.get $m) (i32.mul (i32.sub (local.get $a) (local.get $a0)) (local.get $rowBytes))))
          (local.set $b (i32.shl (local.get $a) (i32.const 3)))
          (block $pu1b_done (loop $pu1b
            (br_if $pu1b_done (i32.ge_u (local.get $b) (local.get $nb)))
            (f64.store (i32.add (local.get $mo) (local.get $b))
              (f64.add (f64.load (i32.add (local.get $mo) (local.get $b))) (f64.mul (local.get $x0) (f64.load (i32.add (local.get $u0) (local.get $b))))))
            (local.set $b (i32.add (local.get $b) (i32.const 8)))
            (br $pu1b)))
          (local.set $a (i32.add (local.get $a) (i32.const 1)))
          (br $pu1a)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $pu1)))
      ;; − y·c, columns of W_l, 4 per pass
      (local.set $r (i32.const 0))
      (block $pc4_done (loop $pc4
        (br_if $pc4_done (i32.gt_u (i32.add (local.get $r) (i32.const 4)) (local.get $below)))
        (local.set $u0 (i32.add (local.get $cols) (i32.mul (i32.add (local.get $r) (i32.const 0)) (local.get $rowBytes))))
        (local.set $u1 (i32.add (local.get $cols) (i32.mul (i32.add (local.get $r) (i32.const 1)) (local.get $rowBytes))))
        (local.set $u2 (i32.add (local.get $cols) (i32.mul (i32.add (local.get $r) (i32.const 2)) (local.get $rowBytes))))
        (local.set $u3 (i32.add (local.get $cols) (i32.mul (i32.add (local.get $r) (i32.const 3)) (local.get $rowBytes))))
        (local.set $a (local.get $a0))
        (block $pc4a_done (loop $pc4a
          (br_if $pc4a_done (i32.ge_u (local.get $a) (local.get $a1)))
          (local.set $x0 (f64.load (i32.add (local.get $u0) (i32.shl (local.get $a) (i32.const 3)))))
          (local.set $x1 (f64.load (i32.add (local.get $u1) (i32.shl (local.get $a) (i32.const 3)))))
          (local.set $x2 (f64.load (i32.add (local.get $u2) (i32.shl (local.get $a) (i32.const 3)))))
          (local.set $x3 (f64.load (i32.add (local.get $u3) (i32.shl (local.get $a) (i32.const 3)))))
          (local.set $mo (i32.add (local.get $m) (i32.mul (i32.sub (local.get $a) (local.get $a0)) (local.get $rowBytes))))
          (local.set $b (i32.shl (local.get $a) (i32.const 3)))
          (block $pc4b_done (loop $pc4b
            (br_if $pc4b_done (i32.ge_u (local.get $b) (local.get $nb)))
            (f64.store (i32.add (local.get $mo) (local.get $b))
              (f64.sub (f64.sub (f64.sub (f64.sub (f64.load (i32.add (local.get $mo) (local.get $b))) (f64.mul (local.get $x0) (f64.load (i32.add (local.get $u0) (local.get $b))))) (f64.mul (local.get $x1) (f64.load (i32.add (local.get $u1) (local.get $b))))) (f64.mul (local.get $x2) (f64.load (i32.add (local.get $u2) (local.get $b))))) (f64.mul (local.get $x3) (f64.load (i32.add (local.get $u3) (local.get $b))))))
            (local.set $b (i32.add (local.get $b) (i32.const 8)))
            (br $pc4b)))
          (local.set $a (i32.add (local.get $a) (i32.const 1)))
          (br $pc4a)))
        (local.set $r (i32.add (local.get $r) (i32.const 4)))
        (br $pc4)))
      ;; − y·c, columns of W_l, 1 per pass
      (block $pc1_done (loop $pc1
        (br_if $pc1_done (i32.gt_u (i32.add (local.get $r) (i32.const 1)) (local.get $below)))
        (local.set $u0 (i32.add (local.get $cols) (i32.mul (i32.add (local.get $r) (i32.const 0)) (local.get $rowBytes))))
        (local.set $a (local.get $a0))
        (block $pc1a_done (loop $pc1a
          (br_if $pc1a_done (i32.ge_u (local.get $a) (local.get $a1)))
          (local.set $x0 (f64.load (i32.add (local.get $u0) (i32.shl (local.get $a) (i32.const 3)))))
          (local.set $mo (i32.add (local.get $m) (i32.mul (i32.sub (local.get $a) (local.get $a0)) (local.get $rowBytes))))
          (local.set $b (i32.shl (local.get $a) (i32.const 3)))
          (block $pc1b_done (loop $pc1b
            (br_if $pc1b_done (i32.ge_u (local.get $b) (local.get $nb)))
            (f64.store (i32.add (local.get $mo) (local.get $b))
              (f64.sub (f64.load (i32.add (local.get $mo) (local.get $b))) (f64.mul (local.get $x0) (f64.load (i32.add (local.get $u0) (local.get $b))))))
            (local.set $b (i32.add (local.get $b) (i32.const 8)))
            (br $pc1b)))
          (local.set $a (i32.add (local.get $a) (i32.const 1)))
          (br $pc1a)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $pc1)))
      ;; Σ over the block's rows, in order
      (local.set $a (local.get $a0))
      (block $sa_done (loop $sa
        (br_if $sa_done (i32.ge_u (local.get $a) (local.get $a1)))
        (local.set $mo (i32.add (local.get $m) (i32.mul (i32.sub (local.get $a) (local.get $a0)) (local.get $rowBytes))))
        (local.set $d (f64.load (i32.add (local.get $mo) (i32.shl (local.get $a) (i32.const 3)))))
        (local.set $sum (f64.add (local.get $sum) (f64.mul (local.get $d) (local.get $d))))
        (local.set $b (i32.shl (i32.add (local.get $a) (i32.const 1)) (i32.const 3)))
        (block $sb_done (loop $sb
          (br_if $sb_done (i32.ge_u (local.get $b) (local.get $nb)))
          (local.set $d (f64.load (i32.add (local.get $mo) (local.get $b))))
          (local.set $sum (f64.add (local.get $sum) (f64.mul (f64.mul (f64.const 2) (local.get $d)) (local.get $d))))
          (local.set $b (i32.add (local.get $b) (i32.const 8)))
          (br $sb)))
        (local.set $a (i32.add (local.get $a) (i32.const 1)))
        (br $sa)))
      (local.set $a0 (i32.add (local.get $a0) (i32.const 32)))
      (br $block)))
    (f64.sqrt (local.get $sum)))

  ;; bytes (a multiple of 16) from src to dst: the snapshot, a copy inside linear memory
  (func (export "copy") (param $dst i32) (param $src i32) (param $bytes i32)
    (local $o i32)
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $o) (local.get $bytes)))
        (i64.store (i32.add (local.get $dst) (local.get $o)) (i64.load (i32.add (local.get $src) (local.get $o))))
        (local.set $o (i32.add (local.get $o) (i32.const 8)))
        (br $l))))

  ;; Gradient flow: FlowBackend's vector work for GradientFlow's Dormand–Prince steps, the step-size
  ;; control staying with the host. The flow's table (i32 words at $f, written by KernelFlow): 0 the bytes
  ;; of a parameter block (a multiple of 16), 1 θ, 2 the probe (the step table's W, where the gradients are
  ;; evaluated), 3 θ at the last accepted step's start, 4–10 k_1 … k_7 (the host swaps k_1 and k_7 on
  ;; accept). The blocks share the weights' layout; pads are computed along and never read into a real entry.

  ;; probe = θ + h·s with s = Σ_{j<n} a_j k_{j+1} (a: n f64 at $a), one chain in order of j from +0
  ;; (s = 0 + a_1 k_1, then s = s + a_j k_j): one pass with the n stages' loads in registers, a loop per n
  ;; (1 … 6)
  (func (export "combine") (param $f i32) (param $h f64) (param $a i32) (param $n i32)
    (if (i32.eq (local.get $n) (i32.const 1)) (then (call $combine1 (local.get $f) (local.get $h) (local.get $a)) (return)))
    (if (i32.eq (local.get $n) (i32.const 2)) (then (call $combine2 (local.get $f) (local.get $h) (local.get $a)) (return)))
    (if (i32.eq (local.get $n) (i32.const 3)) (then (call $combine3 (local.get $f) (local.get $h) (local.get $a)) (return)))
    (if (i32.eq (local.get $n) (i32.const 4)) (then (call $combine4 (local.get $f) (local.get $h) (local.get $a)) (return)))
    (if (i32.eq (local.get $n) (i32.const 5)) (then (call $combine5 (local.get $f) (local.get $h) (local.get $a)) (return)))
    (if (i32.eq (local.get $n) (i32.const 6)) (then (call $combine6 (local.get $f) (local.get $h) (local.get $a)) (return))))

  (func $combine1 (param $f i32) (param $h f64) (param $a i32)
    (local $o i32) (local $bytes i32) (local $y i32) (local $p i32) (local $hv f64) (local $s f64)
    (local $k1 i32)
    (local $a1 f64)
    (local.set $bytes (i32.load (local.get $f)))
    (local.set $y (i32.load offset=4 (local.get $f)))
    (local.set $p (i32.load offset=8 (local.get $f)))
    (local.set $hv (local.get $h))
    (local.set $k1 (i32.load offset=16 (local.get $f)))
    (local.set $a1 (f64.load offset=0 (local.get $a)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $o) (local.get $bytes)))
        (local.set $s (f64.add (f64.const 0) (f64.mul (local.get $a1) (f64.load (i32.add (local.get $k1) (local.get $o))))))
        (f64.store (i32.add (local.get $p) (local.get $o))
          (f64.add (f64.load (i32.add (local.get $y) (local.get $o))) (f64.mul (local.get $hv) (local.get $s))))
        (local.set $o (i32.add (local.get $o) (i32.const 8)))
        (br $next))))

  (func $combine2 (param $f i32) (param $h f64) (param $a i32)
    (local $o i32) (local $bytes i32) (local $y i32) (local $p i32) (local $hv f64) (local $s f64)
    (local $k1 i32) (local $k2 i32)
    (local $a1 f64) (local $a2 f64)
    (local.set $bytes (i32.load (local.get $f)))
    (local.set $y (i32.load offset=4 (local.get $f)))
    (local.set $p (i32.load offset=8 (local.get $f)))
    (local.set $hv (local.get $h))
    (local.set $k1 (i32.load offset=16 (local.get $f)))
    (local.set $a1 (f64.load offset=0 (local.get $a)))
    (local.set $k2 (i32.load offset=20 (local.get $f)))
    (local.set $a2 (f64.load offset=8 (local.get $a)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $o) (local.get $bytes)))
        (local.set $s (f64.add (f64.const 0) (f64.mul (local.get $a1) (f64.load (i32.add (local.get $k1) (local.get $o))))))
        (local.set $s (f64.add (local.get $s) (f64.mul (local.get $a2) (f64.load (i32.add (local.get $k2) (local.get $o))))))
        (f64.store (i32.add (local.get $p) (local.get $o))
          (f64.add (f64.load (i32.add (local.get $y) (local.get $o))) (f64.mul (local.get $hv) (local.get $s))))
        (local.set $o (i32.add (local.get $o) (i32.const 8)))
        (br $next))))

  (func $combine3 (param $f i32) (param $h f64) (param $a i32)
    (local $o i32) (local $bytes i32) (local $y i32) (local $p i32) (local $hv f64) (local $s f64)
    (local $k1 i32) (local $k2 i32) (local $k3 i32)
    (local $a1 f64) (local $a2 f64) (local $a3 f64)
    (local.set $bytes (i32.load (local.get $f)))
    (local.set $y (i32.load offset=4 (local.get $f)))
    (local.set $p (i32.load offset=8 (local.get $f)))
    (local.set $hv (local.get $h))
    (local.set $k1 (i32.load offset=16 (local.get $f)))
    (local.set $a1 (f64.load offset=0 (local.get $a)))
    (local.set $k2 (i32.load offset=20 (local.get $f)))
    (local.set $a2 (f64.load offset=8 (local.get $a)))
    (local.set $k3 (i32.load offset=24 (local.get $f)))
    (local.set $a3 (f64.load offset=16 (local.get $a)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $o) (local.get $bytes)))
        (local.set $s (f64.add (f64.const 0) (f64.mul (local.get $a1) (f64.load (i32.add (local.get $k1) (local.get $o))))))
        (local.set $s (f64.add (local.get $s) (f64.mul (local.get $a2) (f64.load (i32.add (local.get $k2) (local.get $o))))))
        (local.set $s (f64.add (local.get $s) (f64.mul (local.get $a3) (f64.load (i32.add (local.get $k3) (local.get $o))))))
        (f64.store (i32.add (local.get $p) (local.get $o))
          (f64.add (f64.load (i32.add (local.get $y) (local.get $o))) (f64.mul (local.get $hv) (local.get $s))))
        (local.set $o (i32.add (local.get $o) (i32.const 8)))
        (br $next))))

  (func $combine4 (param $f i32) (param $h f64) (param $a i32)
    (local $o i32) (local $bytes i32) (local $y i32) (local $p i32) (local $hv f64) (local $s f64)
    (local $k1 i32) (local $k2 i32) (local $k3 i32) (local $k4 i32)
    (local $a1 f64) (local $a2 f64) (local $a3 f64) (local $a4 f64)
    (local.set $bytes (i32.load (local.get $f)))
    (local.set $y (i32.load offset=4 (local.get $f)))
    (local.set $p (i32.load offset=8 (local.get $f)))
    (local.set $hv (local.get $h))
    (local.set $k1 (i32.load offset=16 (local.get $f)))
    (local.set $a1 (f64.load offset=0 (local.get $a)))
    (local.set $k2 (i32.load offset=20 (local.get $f)))
    (local.set $a2 (f64.load offset=8 (local.get $a)))
    (local.set $k3 (i32.load offset=24 (local.get $f)))
    (local.set $a3 (f64.load offset=16 (local.get $a)))
    (local.set $k4 (i32.load offset=28 (local.get $f)))
    (local.set $a4 (f64.load offset=24 (local.get $a)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $o) (local.get $bytes)))
        (local.set $s (f64.add (f64.const 0) (f64.mul (local.get $a1) (f64.load (i32.add (local.get $k1) (local.get $o))))))
        (local.set $s (f64.add (local.get $s) (f64.mul (local.get $a2) (f64.load (i32.add (local.get $k2) (local.get $o))))))
        (local.set $s (f64.add (local.get $s) (f64.mul (local.get $a3) (f64.load (i32.add (local.get $k3) (local.get $o))))))
        (local.set $s (f64.add (local.get $s) (f64.mul (local.get $a4) (f64.load (i32.add (local.get $k4) (local.get $o))))))
        (f64.store (i32.add (local.get $p) (local.get $o))
          (f64.add (f64.load (i32.add (local.get $y) (local.get $o))) (f64.mul (local.get $hv) (local.get $s))))
        (local.set $o (i32.add (local.get $o) (i32.const 8)))
        (br $next))))

  (func $combine5 (param $f i32) (param $h f64) (param $a i32)
    (local $o i32) (local $bytes i32) (local $y i32) (local $p i32) (local $hv f64) (local $s f64)
    (local $k1 i32) (local $k2 i32) (local $k3 i32) (local $k4 i32) (local $k5 i32)
    (local $a1 f64) (local $a2 f64) (local $a3 f64) (local $a4 f64) (local $a5 f64)
    (local.set $bytes (i32.load (local.get $f)))
    (local.set $y (i32.load offset=4 (local.get $f)))
    (local.set $p (i32.load offset=8 (local.get $f)))
    (local.set $hv (local.get $h))
    (local.set $k1 (i32.load offset=16 (local.get $f)))
    (local.set $a1 (f64.load offset=0 (local.get $a)))
    (local.set $k2 (i32.load offset=20 (local.get $f)))
    (local.set $a2 (f64.load offset=8 (local.get $a)))
    (local.set $k3 (i32.load offset=24 (local.get $f)))
    (local.set $a3 (f64.load offset=16 (local.get $a)))
    (local.set $k4 (i32.load offset=28 (local.get $f)))
    (local.set $a4 (f64.load offset=24 (local.get $a)))
    (local.set $k5 (i32.load offset=32 (local.get $f)))
    (local.set $a5 (f64.load offset=32 (local.get $a)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $o) (local.get $bytes)))
        (local.set $s (f64.add (f64.const 0) (f64.mul (local.get $a1) (f64.load (i32.add (local.get $k1) (local.get $o))))))
        (local.set $s (f64.add (local.get $s) (f64.mul (local.get $a2) (f64.load (i32.add (local.get $k2) (local.get $o))))))
        (local.set $s (f64.add (local.get $s) (f64.mul (local.get $a3) (f64.load (i32.add (local.get $k3) (local.get $o))))))
        (local.set $s (f64.add (local.get $s) (f64.mul (local.get $a4) (f64.load (i32.add (local.get $k4) (local.get $o))))))
        (local.set $s (f64.add (local.get $s) (f64.mul (local.get $a5) (f64.load (i32.add (local.get $k5) (local.get $o))))))
        (f64.store (i32.add (local.get $p) (local.get $o))
          (f64.add (f64.load (i32.add (local.get $y) (local.get $o))) (f64.mul (local.get $hv) (local.get $s))))
        (local.set $o (i32.add (local.get $o) (i32.const 8)))
        (br $next))))

  (func $combine6 (param $f i32) (param $h f64) (param $a i32)
    (local $o i32) (local $bytes i32) (local $y i32) (local $p i32) (local $hv f64) (local $s f64)
    (local $k1 i32) (local $k2 i32) (local $k3 i32) (local $k4 i32) (local $k5 i32) (local $k6 i32)
    (local $a1 f64) (local $a2 f64) (local $a3 f64) (local $a4 f64) (local $a5 f64) (local $a6 f64)
    (local.set $bytes (i32.load (local.get $f)))
    (local.set $y (i32.load offset=4 (local.get $f)))
    (local.set $p (i32.load offset=8 (local.get $f)))
    (local.set $hv (local.get $h))
    (local.set $k1 (i32.load offset=16 (local.get $f)))
    (local.set $a1 (f64.load offset=0 (local.get $a)))
    (local.set $k2 (i32.load offset=20 (local.get $f)))
    (local.set $a2 (f64.load offset=8 (local.get $a)))
    (local.set $k3 (i32.load offset=24 (local.get $f)))
    (local.set $a3 (f64.load offset=16 (local.get $a)))
    (local.set $k4 (i32.load offset=28 (local.get $f)))
    (local.set $a4 (f64.load offset=24 (local.get $a)))
    (local.set $k5 (i32.load offset=32 (local.get $f)))
    (local.set $a5 (f64.load offset=32 (local.get $a)))
    (local.set $k6 (i32.load offset=36 (local.get $f)))
    (local.set $a6 (f64.load offset=40 (local.get $a)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $o) (local.get $bytes)))
        (local.set $s (f64.add (f64.const 0) (f64.mul (local.get $a1) (f64.load (i32.add (local.get $k1) (local.get $o))))))
        (local.set $s (f64.add (local.get $s) (f64.mul (local.get $a2) (f64.load (i32.add (local.get $k2) (local.get $o))))))
        (local.set $s (f64.add (local.get $s) (f64.mul (local.get $a3) (f64.load (i32.add (local.get $k3) (local.get $o))))))
        (local.set $s (f64.add (local.get $s) (f64.mul (local.get $a4) (f64.load (i32.add (local.get $k4) (local.get $o))))))
        (local.set $s (f64.add (local.get $s) (f64.mul (local.get $a5) (f64.load (i32.add (local.get $k5) (local.get $o))))))
        (local.set $s (f64.add (local.get $s) (f64.mul (local.get $a6) (f64.load (i32.add (local.get $k6) (local.get $o))))))
        (f64.store (i32.add (local.get $p) (local.get $o))
          (f64.add (f64.load (i32.add (local.get $y) (local.get $o))) (f64.mul (local.get $hv) (local.get $s))))
        (local.set $o (i32.add (local.get $o) (i32.const 8)))
        (br $next))))

  ;; The velocity −∇L at the step table's W into W + $gd (a block of the weights' layout), θ left as it
  ;; is; returns L there.
  (func (export "velocity") (param $t i32) (param $gd i32) (result f64)
    (local $loss f64)
    (call $forwardAll (local.get $t))
    (local.set $loss (call $cost (local.get $t)))
    (call $backwardAll (local.get $t) (f64.const 0) (local.get $gd))
    (local.get $loss))

  ;; Into $out (3 f64): Σ e², Σ θ², Σ probe², e = h·(E_1 k_1 + E_3 k_3 + E_4 k_4 + E_5 k_5 + E_6 k_6 + E_7 k_7)
  ;; left to right (the weights: 6 f64 at $e); each sum one chain over the real entries in order of layer,
  ;; row and column.
  (func (export "flowError") (param $t i32) (param $f i32) (param $h f64) (param $e i32) (param $out i32)
    (local $l i32) (local $depth i32) (local $ent i32) (local $rows i32) (local $cols i32) (local $stride i32)
    (local $off i32) (local $i i32) (local $m i32) (local $o i32) (local $y i32) (local $p i32)
    (local $k1 i32) (local $k3 i32) (local $k4 i32) (local $k5 i32) (local $k6 i32) (local $k7 i32)
    (local $err f64) (local $yy f64) (local $nn f64) (local $hv f64) (local $ev f64) (local $yv f64) (local $pv f64)
    (local.set $depth (i32.load (local.get $t)))
    (local.set $y (i32.load offset=4 (local.get $f)))
    (local.set $p (i32.load offset=8 (local.get $f)))
    (local.set $k1 (i32.load offset=16 (local.get $f)))
    (local.set $k3 (i32.load offset=24 (local.get $f)))
    (local.set $k4 (i32.load offset=28 (local.get $f)))
    (local.set $k5 (i32.load offset=32 (local.get $f)))
    (local.set $k6 (i32.load offset=36 (local.get $f)))
    (local.set $k7 (i32.load offset=40 (local.get $f)))
    (local.set $hv (local.get $h))
    (local.set $l (i32.const 1))
    (block $layers_done
      (loop $layers
        (br_if $layers_done (i32.gt_u (local.get $l) (local.get $depth)))
        (local.set $ent (i32.add (local.get $t) (i32.add (i32.const 40) (i32.mul (local.get $l) (i32.const 24)))))
        (local.set $rows (i32.load (local.get $ent)))
        (if (i32.eq (local.get $l) (i32.const 1))
          (then
            (local.set $cols (i32.load offset=4 (local.get $t)))
            (local.set $stride (i32.load offset=8 (local.get $t))))
          (else
            (local.set $cols (i32.load (i32.sub (local.get $ent) (i32.const 24))))
            (local.set $stride (i32.load offset=4 (i32.sub (local.get $ent) (i32.const 24))))))
        (local.set $off (i32.sub (i32.load offset=8 (local.get $ent)) (local.get $p)))
        (local.set $i (i32.const 0))
        (block $rows_done
          (loop $row
            (br_if $rows_done (i32.ge_u (local.get $i) (local.get $rows)))
            (local.set $m (i32.const 0))
            (block $cols_done
              (loop $col
                (br_if $cols_done (i32.ge_u (local.get $m) (local.get $cols)))
                (local.set $o (i32.add (local.get $off)
                  (i32.shl (i32.add (i32.mul (local.get $i) (local.get $stride)) (local.get $m)) (i32.const 3))))
                (local.set $ev (f64.mul (local.get $hv)
                  (f64.add (f64.add (f64.add (f64.add (f64.add
                    (f64.mul (f64.load (local.get $e)) (f64.load (i32.add (local.get $k1) (local.get $o))))
                    (f64.mul (f64.load offset=8 (local.get $e)) (f64.load (i32.add (local.get $k3) (local.get $o)))))
                    (f64.mul (f64.load offset=16 (local.get $e)) (f64.load (i32.add (local.get $k4) (local.get $o)))))
                    (f64.mul (f64.load offset=24 (local.get $e)) (f64.load (i32.add (local.get $k5) (local.get $o)))))
                    (f64.mul (f64.load offset=32 (local.get $e)) (f64.load (i32.add (local.get $k6) (local.get $o)))))
                    (f64.mul (f64.load offset=40 (local.get $e)) (f64.load (i32.add (local.get $k7) (local.get $o)))))))
                (local.set $ev (f64.mul (local.get $ev) (local.get $ev)))
                (local.set $yv (f64.load (i32.add (local.get $y) (local.get $o))))
                (local.set $yv (f64.mul (local.get $yv) (local.get $yv)))
                (local.set $pv (f64.load (i32.add (local.get $p) (local.get $o))))
                (local.set $pv (f64.mul (local.get $pv) (local.get $pv)))
                (local.set $err (f64.add (local.get $err) (local.get $ev)))
                (local.set $yy (f64.add (local.get $yy) (local.get $yv)))
                (local.set $nn (f64.add (local.get $nn) (local.get $pv)))
                (local.set $m (i32.add (local.get $m) (i32.const 1)))
                (br $col)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $row)))
        (local.set $l (i32.add (local.get $l) (i32.const 1)))
        (br $layers)))
    (f64.store (local.get $out) (local.get $err))
    (f64.store offset=8 (local.get $out) (local.get $yy))
    (f64.store offset=16 (local.get $out) (local.get $nn)))

  ;; The dense output at s inside the last accepted step of length h, into the probe, as
  ;; GradientFlow.interpolate writes it: y0 = θ at the step's start, y1 = θ, f0 = k_7 and f1 = k_1 (after
  ;; the swap), the weights d: 6 f64 at $d.
  (func (export "interpolate") (param $f i32) (param $s f64) (param $h f64) (param $d i32)
    (local $o i32) (local $bytes i32) (local $y0 i32) (local $y1 i32) (local $p i32)
    (local $k1 i32) (local $k3 i32) (local $k4 i32) (local $k5 i32) (local $k6 i32) (local $k7 i32)
    (local $sv f64) (local $uv f64) (local $hv f64) (local $a f64) (local $f0 f64) (local $f1 f64)
    (local $diff f64) (local $bspl f64) (local $r4 f64) (local $r5 f64)
    (local.set $bytes (i32.load (local.get $f)))
    (local.set $y1 (i32.load offset=4 (local.get $f)))
    (local.set $p (i32.load offset=8 (local.get $f)))
    (local.set $y0 (i32.load offset=12 (local.get $f)))
    (local.set $k1 (i32.load offset=16 (local.get $f)))
    (local.set $k3 (i32.load offset=24 (local.get $f)))
    (local.set $k4 (i32.load offset=28 (local.get $f)))
    (local.set $k5 (i32.load offset=32 (local.get $f)))
    (local.set $k6 (i32.load offset=36 (local.get $f)))
    (local.set $k7 (i32.load offset=40 (local.get $f)))
    (local.set $sv (local.get $s))
    (local.set $uv (f64.sub (f64.const 1) (local.get $s)))
    (local.set $hv (local.get $h))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $o) (local.get $bytes)))
        (local.set $a (f64.load (i32.add (local.get $y0) (local.get $o))))
        (local.set $f0 (f64.load (i32.add (local.get $k7) (local.get $o))))
        (local.set $f1 (f64.load (i32.add (local.get $k1) (local.get $o))))
        (local.set $diff (f64.sub (f64.load (i32.add (local.get $y1) (local.get $o))) (local.get $a)))
        (local.set $bspl (f64.sub (f64.mul (local.get $hv) (local.get $f0)) (local.get $diff)))
        (local.set $r4 (f64.sub (f64.sub (local.get $diff) (f64.mul (local.get $hv) (local.get $f1))) (local.get $bspl)))
        (local.set $r5 (f64.mul (local.get $hv)
          (f64.add (f64.add (f64.add (f64.add (f64.add
            (f64.mul (f64.load (local.get $d)) (local.get $f0))
            (f64.mul (f64.load offset=8 (local.get $d)) (f64.load (i32.add (local.get $k3) (local.get $o)))))
            (f64.mul (f64.load offset=16 (local.get $d)) (f64.load (i32.add (local.get $k4) (local.get $o)))))
            (f64.mul (f64.load offset=24 (local.get $d)) (f64.load (i32.add (local.get $k5) (local.get $o)))))
            (f64.mul (f64.load offset=32 (local.get $d)) (f64.load (i32.add (local.get $k6) (local.get $o)))))
            (f64.mul (f64.load offset=40 (local.get $d)) (local.get $f1)))))
        (f64.store (i32.add (local.get $p) (local.get $o))
          (f64.add (local.get $a) (f64.mul (local.get $sv) (f64.add (local.get $diff) (f64.mul (local.get $uv)
            (f64.add (local.get $bspl) (f64.mul (local.get $sv)
              (f64.add (local.get $r4) (f64.mul (local.get $uv) (local.get $r5))))))))))
        (local.set $o (i32.add (local.get $o) (i32.const 8)))
        (br $next))))

  ;; One update of OptimizerStepper's rule after the velocity −g (of the full batch or of the minibatch) is
  ;; in its block, entry by entry with every operation in its order; the host keeps β₁ᵗ and β₂ᵗ and passes
  ;; c1 = 1 − β₁ᵗ, c2 = 1 − β₂ᵗ. The optimizer's table (at $o, written by KernelOptimizer): i32 words 0 the
  ;; bytes of a block, 1 θ, 2 the velocity −g, 3 the first moment (momentum's velocity), 4 the second
  ;; moment, 5 the rule (0 descent, 1 heavy ball, 2 Nesterov, 3 Adam), 6 coupled decay (g ← g + λθ), 7
  ;; decoupled decay (θ ← θ − ηλθ); f64 from byte 32: λ, β (the momentum or β₁), 1 − β₁, β₂, 1 − β₂, ε.
  ;; The blocks share the weights' layout; pads are computed along and never read into a real entry.
  (func (export "optimize") (param $o i32) (param $eta f64) (param $c1 f64) (param $c2 f64)
    (local $k i32) (local $bytes i32) (local $th i32) (local $vel i32) (local $m1 i32) (local $m2 i32)
    (local $rule i32) (local $coupled i32) (local $decoupled i32)
    (local $lambda f64) (local $beta f64) (local $omb1 f64) (local $beta2 f64) (local $omb2 f64) (local $eps f64)
    (local $el f64) (local $g f64) (local $w f64) (local $m f64) (local $v f64)
    (local.set $bytes (i32.load (local.get $o)))
    (local.set $th (i32.load offset=4 (local.get $o)))
    (local.set $vel (i32.load offset=8 (local.get $o)))
    (local.set $m1 (i32.load offset=12 (local.get $o)))
    (local.set $m2 (i32.load offset=16 (local.get $o)))
    (local.set $rule (i32.load offset=20 (local.get $o)))
    (local.set $coupled (i32.load offset=24 (local.get $o)))
    (local.set $decoupled (i32.load offset=28 (local.get $o)))
    (local.set $lambda (f64.load offset=32 (local.get $o)))
    (local.set $beta (f64.load offset=40 (local.get $o)))
    (local.set $omb1 (f64.load offset=48 (local.get $o)))
    (local.set $beta2 (f64.load offset=56 (local.get $o)))
    (local.set $omb2 (f64.load offset=64 (local.get $o)))
    (local.set $eps (f64.load offset=72 (local.get $o)))
    (local.set $el (f64.mul (local.get $eta) (local.get $lambda)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $k) (local.get $bytes)))
        (local.set $g (f64.neg (f64.load (i32.add (local.get $vel) (local.get $k)))))
        (local.set $w (f64.load (i32.add (local.get $th) (local.get $k))))
        (if (local.get $coupled)
          (then (local.set $g (f64.add (local.get $g) (f64.mul (local.get $lambda) (local.get $w))))))
        (if (i32.eq (local.get $rule) (i32.const 3))
          (then
            (local.set $m (f64.add (f64.mul (local.get $beta) (f64.load (i32.add (local.get $m1) (local.get $k))))
              (f64.mul (local.get $omb1) (local.get $g))))
            (local.set $v (f64.add (f64.mul (local.get $beta2) (f64.load (i32.add (local.get $m2) (local.get $k))))
              (f64.mul (f64.mul (local.get $g) (local.get $g)) (local.get $omb2))))
            (f64.store (i32.add (local.get $m1) (local.get $k)) (local.get $m))
            (f64.store (i32.add (local.get $m2) (local.get $k)) (local.get $v))
            (if (local.get $decoupled)
              (then (local.set $w (f64.sub (local.get $w) (f64.mul (local.get $el) (local.get $w))))))
            (local.set $w (f64.sub (local.get $w)
              (f64.div (f64.mul (f64.div (local.get $m) (local.get $c1)) (local.get $eta))
                (f64.add (f64.sqrt (f64.div (local.get $v) (local.get $c2))) (local.get $eps))))))
          (else
            (if (i32.eqz (local.get $rule))
              (then (local.set $w (f64.sub (local.get $w) (f64.mul (local.get $eta) (local.get $g)))))
              (else
                (local.set $v (f64.add (f64.mul (local.get $beta) (f64.load (i32.add (local.get $m1) (local.get $k))))
                  (local.get $g)))
                (f64.store (i32.add (local.get $m1) (local.get $k)) (local.get $v))
                (if (i32.eq (local.get $rule) (i32.const 2))
                  (then (local.set $w (f64.sub (local.get $w) (f64.mul (local.get $eta)
                    (f64.add (local.get $g) (f64.mul (local.get $beta) (local.get $v)))))))
                  (else (local.set $w (f64.sub (local.get $w) (f64.mul (local.get $eta) (local.get $v))))))))))
        (f64.store (i32.add (local.get $th) (local.get $k)) (local.get $w))
        (local.set $k (i32.add (local.get $k) (i32.const 8)))
        (br $next)))))
