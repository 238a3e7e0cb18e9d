// The host's Math.exp, Math.log and Math.log1p, imported: the kernel's p-values then round exactly as the
// TypeScript twin's do (AssemblyScript's own Math is a different libm). V8 calls imported Math.exp and
// Math.log straight into its C library, without entering JavaScript.

// @ts-ignore: decorator
@external('env', 'exp')
export declare function exp(x: f64): f64;

// @ts-ignore: decorator
@external('env', 'log')
export declare function log(x: f64): f64;

// @ts-ignore: decorator
@external('env', 'log1p')
export declare function log1p(x: f64): f64;
