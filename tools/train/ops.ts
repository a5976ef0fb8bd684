/**
 * Differentiable building blocks with hand-written gradients that keep to the fast kernels
 * of the WASM backend: its matMul is fast only for plain (untransposed, unbatched) 2-D
 * operands, ten times slower with a transpose flag, and it has no kernel for the gradient
 * of gather. So gradients are written with explicit transposes and a scatter.
 */
import { tf } from './tf.ts';

/**
 * x @ wT for x [n, in] and wT [in, out]. `w` is wT's transpose [out, in] (a PyTorch weight),
 * given so that the input gradient dy @ w needs no transpose.
 */
function matMulT(x: tf.Tensor2D, wT: tf.Tensor2D, w: tf.Tensor2D): tf.Tensor2D {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [xIn, wTIn, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.GradSaveFunc];
    save([xIn, w]);
    return {
      value: tf.matMul(xIn, wTIn),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xSaved, wSaved] = saved as tf.Tensor2D[];
        return [tf.matMul(dy, wSaved), tf.matMul(tf.transpose(xSaved), dy)];
      },
    };
  });
  return op(x, wT) as tf.Tensor2D;
}

/** A PyTorch weight [out, in] in both layouts, for matMulT. */
export interface LinearWeight {
  w: tf.Tensor2D;
  wT: tf.Tensor2D;
}

export function linearWeight(w: tf.Tensor2D): LinearWeight {
  return { w, wT: tf.transpose(w) };
}

/** x @ W^T: a PyTorch linear layer without bias. */
export function linear(x: tf.Tensor2D, weight: LinearWeight): tf.Tensor2D {
  return matMulT(x, weight.wT, weight.w);
}

/** Rows `ids` of `table` [V, E]; the gradient scatters back, summing repeated ids. */
export function embed(table: tf.Tensor2D, ids: tf.Tensor1D): tf.Tensor2D {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [tableIn, save] = args as [tf.Tensor2D, tf.GradSaveFunc];
    save([ids]);
    return {
      value: tf.gather(tableIn, ids),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [idsSaved] = saved;
        return [tf.scatterND(idsSaved.reshape([-1, 1]), dy, tableIn.shape)];
      },
    };
  });
  return op(table);
}
