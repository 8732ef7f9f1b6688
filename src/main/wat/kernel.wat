;; The step kernel of gradient descent on a deep linear network, scalar (no SIMD): the twin of
;; kernel-simd.wat and the fallback where a browser rejects SIMD. One call of "step" is one
;; LossGradient.step with the cost inside (MseCost or CompletionCost): the same IEEE operations in the
;; same order (see LossGradient and SummationOrderTest), on linear memory laid out by KernelStepper.
;;
;; Layout (byte addresses, all from the table): W_l is n_l rows of stride s_{l−1} (n_{l−1} rounded up to
;; even; pads zero), P_l = W_l ⋯ W_1 is n_l rows of stride n0p (P_1 is W_1), P_lᵀ and D_lᵀ are n_0 rows
;; of stride s_l. Every sum is one chain, added left to right; the chains of the forward pass, the
;; back-propagation and RXᵀ start from +0, the gradient's from its first term (as in LossGradient).
;; Edit this file and kernel-simd.wat together, then `./mvnw -q -o test-compile exec:java@assemble-kernels`.
(module
  (memory (export "memory") 1)

  ;; The step's table (i32 words at $t, written by KernelStepper): 0 depth L, 1 n0, 2 n0p (n0 rounded up
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
  ;; gradient stored at W_l + $gd (the gradient block, laid out as the weights) and θ left as it is.
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

  ;; out[i][j] = Σ_k w[i][k] · prev[k][j] for i < rows, j < n0p  (P_l = W_l P_{l−1}, chains in order of k)
  (func $forward (param $w i32) (param $rows i32) (param $cols i32) (param $ws i32)
        (param $prev i32) (param $out i32) (param $n0p i32)
    (local $i i32) (local $j i32) (local $k i32) (local $s f64) (local $wr i32) (local $pj i32)
    (block $rows_done
      (loop $row
        (br_if $rows_done (i32.ge_u (local.get $i) (local.get $rows)))
        (local.set $wr (i32.add (local.get $w) (i32.shl (i32.mul (local.get $i) (local.get $ws)) (i32.const 3))))
        (local.set $j (i32.const 0))
        (block $cols_done
          (loop $col
            (br_if $cols_done (i32.ge_u (local.get $j) (local.get $n0p)))
            (local.set $s (f64.const 0))
            (local.set $pj (i32.add (local.get $prev) (i32.shl (local.get $j) (i32.const 3))))
            (local.set $k (i32.const 0))
            (block $k_done
              (loop $kk
                (br_if $k_done (i32.ge_u (local.get $k) (local.get $cols)))
                ;; s = w[i][k]·prev[k][j] + s
                (local.set $s (f64.add
                  (f64.mul (f64.load (i32.add (local.get $wr) (i32.shl (local.get $k) (i32.const 3))))
                           (f64.load (local.get $pj)))
                  (local.get $s)))
                (local.set $pj (i32.add (local.get $pj) (i32.shl (local.get $n0p) (i32.const 3))))
                (local.set $k (i32.add (local.get $k) (i32.const 1)))
                (br $kk)))
            (f64.store
              (i32.add (local.get $out) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $n0p)) (local.get $j)) (i32.const 3)))
              (local.get $s))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $col)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $row))))

  ;; The sweep over W_l, l ≥ 2, row by row: first D_{l−1}ᵀ[j][k] += D_lᵀ[j][i] · W_l[i][k] (with the old
  ;; row; prevDt is zeroed first, so each sum is a chain over i from +0), then the gradient row
  ;; ∇W_l[i][k] = Σ_j D_lᵀ[j][i] · P_{l−1}ᵀ[j][k] (a chain over j from its first term) and
  ;; W_l[i][k] = W_l[i][k] − η·∇ — or, when grad ≠ 0, ∇ stored at grad (W's layout) and W left as it is.
  (func $backward (param $w i32) (param $rows i32) (param $cols i32) (param $ws i32)
        (param $dt i32) (param $dts i32) (param $prevDt i32) (param $prevPt i32) (param $n0 i32)
        (param $eta f64) (param $grad i32)
    (local $i i32) (local $j i32) (local $k i32) (local $c f64) (local $g f64)
    (local $wr i32) (local $q i32) (local $a i32) (local $n i32) (local $rowBytes i32)
    (local.set $rowBytes (i32.shl (local.get $ws) (i32.const 3)))
    ;; prevDt = 0 (n0 rows of ws)
    (local.set $n (i32.mul (local.get $n0) (local.get $ws)))
    (block $z_done
      (loop $z
        (br_if $z_done (i32.ge_u (local.get $k) (local.get $n)))
        (f64.store (i32.add (local.get $prevDt) (i32.shl (local.get $k) (i32.const 3))) (f64.const 0))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $z)))
    (block $rows_done
      (loop $row
        (br_if $rows_done (i32.ge_u (local.get $i) (local.get $rows)))
        (local.set $wr (i32.add (local.get $w) (i32.mul (local.get $i) (local.get $rowBytes))))
        ;; back-propagation: D_{l−1}ᵀ[j][:] += D_lᵀ[j][i] · W_l[i][:]
        (local.set $j (i32.const 0))
        (block $bp_done
          (loop $bp
            (br_if $bp_done (i32.ge_u (local.get $j) (local.get $n0)))
            (local.set $c (f64.load (i32.add (local.get $dt)
              (i32.shl (i32.add (i32.mul (local.get $j) (local.get $dts)) (local.get $i)) (i32.const 3)))))
            (local.set $q (i32.add (local.get $prevDt) (i32.mul (local.get $j) (local.get $rowBytes))))
            (local.set $k (i32.const 0))
            (block $k_done
              (loop $kk
                (br_if $k_done (i32.ge_u (local.get $k) (local.get $cols)))
                (local.set $a (i32.add (local.get $q) (i32.shl (local.get $k) (i32.const 3))))
                (f64.store (local.get $a) (f64.add (f64.load (local.get $a))
                  (f64.mul (local.get $c) (f64.load (i32.add (local.get $wr) (i32.shl (local.get $k) (i32.const 3)))))))
                (local.set $k (i32.add (local.get $k) (i32.const 1)))
                (br $kk)))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $bp)))
        ;; gradient row and update
        (local.set $k (i32.const 0))
        (block $g_done
          (loop $gk
            (br_if $g_done (i32.ge_u (local.get $k) (local.get $cols)))
            (local.set $g (f64.mul
              (f64.load (i32.add (local.get $dt) (i32.shl (local.get $i) (i32.const 3))))
              (f64.load (i32.add (local.get $prevPt) (i32.shl (local.get $k) (i32.const 3))))))
            (local.set $j (i32.const 1))
            (block $j_done
              (loop $jj
                (br_if $j_done (i32.ge_u (local.get $j) (local.get $n0)))
                (local.set $g (f64.add (local.get $g) (f64.mul
                  (f64.load (i32.add (local.get $dt)
                    (i32.shl (i32.add (i32.mul (local.get $j) (local.get $dts)) (local.get $i)) (i32.const 3))))
                  (f64.load (i32.add (local.get $prevPt)
                    (i32.shl (i32.add (i32.mul (local.get $j) (local.get $ws)) (local.get $k)) (i32.const 3)))))))
                (local.set $j (i32.add (local.get $j) (i32.const 1)))
                (br $jj)))
            (local.set $a (i32.add (local.get $wr) (i32.shl (local.get $k) (i32.const 3))))
            (if (local.get $grad)
              (then (f64.store (i32.add (local.get $grad) (i32.sub (local.get $a) (local.get $w))) (local.get $g)))
              (else (f64.store (local.get $a)
                (f64.sub (f64.load (local.get $a)) (f64.mul (local.get $eta) (local.get $g))))))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br $gk)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $row))))

  ;; MSE, as MseCost: R = A X − Y row by row (r = −y, then + a_ij x_j for j in order), Σ r² over i then m,
  ;; and G = 2/N · R Xᵀ (each entry a chain over m from +0, by the forward product into the scratch g),
  ;; written into D_Lᵀ[j][i]; returns Σ r² / N. A is P_L (nL rows of stride n0p); X is n0 rows of stride
  ;; np (N rounded up to even), Xᵀ N rows of stride n0p, Y and R nL rows of stride np, g nL rows of
  ;; stride n0p.
  (func $mse (param $a i32) (param $nL i32) (param $n0 i32) (param $n0p i32) (param $dtL i32) (param $dts i32)
        (param $n i32) (param $np i32) (param $x i32) (param $xt i32) (param $y i32) (param $r i32) (param $g i32)
        (result f64)
    (local $i i32) (local $j i32) (local $m i32) (local $ri i32) (local $aij f64) (local $xj i32) (local $v f64)
    (local $sum f64) (local $scale2 f64)
    (local.set $scale2 (f64.div (f64.const 2) (f64.convert_i32_s (local.get $n))))
    (block $rows_done
      (loop $row
        (br_if $rows_done (i32.ge_u (local.get $i) (local.get $nL)))
        (local.set $ri (i32.add (local.get $r) (i32.shl (i32.mul (local.get $i) (local.get $np)) (i32.const 3))))
        (local.set $m (i32.const 0))
        (block $y_done
          (loop $ym
            (br_if $y_done (i32.ge_u (local.get $m) (local.get $n)))
            (f64.store (i32.add (local.get $ri) (i32.shl (local.get $m) (i32.const 3)))
              (f64.neg (f64.load (i32.add (local.get $y)
                (i32.shl (i32.add (i32.mul (local.get $i) (local.get $np)) (local.get $m)) (i32.const 3))))))
            (local.set $m (i32.add (local.get $m) (i32.const 1)))
            (br $ym)))
        (local.set $j (i32.const 0))
        (block $j_done
          (loop $jj
            (br_if $j_done (i32.ge_u (local.get $j) (local.get $n0)))
            (local.set $aij (f64.load (i32.add (local.get $a)
              (i32.shl (i32.add (i32.mul (local.get $i) (local.get $n0p)) (local.get $j)) (i32.const 3)))))
            (local.set $xj (i32.add (local.get $x) (i32.shl (i32.mul (local.get $j) (local.get $np)) (i32.const 3))))
            (local.set $m (i32.const 0))
            (block $m_done
              (loop $mm
                (br_if $m_done (i32.ge_u (local.get $m) (local.get $n)))
                (f64.store (i32.add (local.get $ri) (i32.shl (local.get $m) (i32.const 3)))
                  (f64.add (f64.load (i32.add (local.get $ri) (i32.shl (local.get $m) (i32.const 3))))
                    (f64.mul (local.get $aij) (f64.load (i32.add (local.get $xj) (i32.shl (local.get $m) (i32.const 3)))))))
                (local.set $m (i32.add (local.get $m) (i32.const 1)))
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

  ;; W_1: ∇W_1[i][k] = D_1ᵀ[k][i] (P_0 = I); W_1[i][k] −= η·∇, or ∇ stored at grad when grad ≠ 0.
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
              (then (f64.store (i32.add (local.get $grad) (i32.sub (local.get $a) (local.get $w))) (local.get $g)))
              (else (f64.store (local.get $a)
                (f64.sub (f64.load (local.get $a)) (f64.mul (local.get $eta) (local.get $g))))))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br $kk)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $row))))

  ;; bytes (a multiple of 16) from src to dst: the snapshot, a copy inside linear memory
  (func (export "copy") (param $dst i32) (param $src i32) (param $bytes i32)
    (local $o i32)
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $o) (local.get $bytes)))
        (i64.store (i32.add (local.get $dst) (local.get $o)) (i64.load (i32.add (local.get $src) (local.get $o))))
        (local.set $o (i32.add (local.get $o) (i32.const 8)))
        (br $l))))
)
