/**
 * Certificates for tests, the offline demo and the collector's {@code --self-signed} mode
 * ({@link dev.uplink.core.tls.Pki}, BouncyCastle), PEM files ({@link dev.uplink.core.tls.Pem}) and
 * the roots a client trusts ({@link dev.uplink.core.tls.TrustMaterial}: JDK roots, plus or instead
 * of a {@code --ca-file}).
 */
package dev.uplink.core.tls;
