package dev.trae.ocr.internal;

/** Small dense linear systems (homographies, line and plane fits). */
final class Linear {
    private Linear() {
    }

    /**
     * Solves the n x n system given as an augmented n x (n + 1) matrix (changed in place) by Gauss-Jordan
     * elimination with partial pivoting; null when it is singular.
     */
    static double[] solve(double[][] a) {
        int n = a.length;
        for (int col = 0; col < n; col++) {
            int piv = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(a[r][col]) > Math.abs(a[piv][col])) {
                    piv = r;
                }
            }
            double[] t = a[col];
            a[col] = a[piv];
            a[piv] = t;
            if (Math.abs(a[col][col]) < 1e-12) {
                return null;
            }
            for (int r = 0; r < n; r++) {
                if (r != col) {
                    double f = a[r][col] / a[col][col];
                    for (int j = col; j <= n; j++) {
                        a[r][j] -= f * a[col][j];
                    }
                }
            }
        }
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = a[i][n] / a[i][i];
        }
        return x;
    }
}
