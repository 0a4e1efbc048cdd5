package dev.uplink.core.tls;

/**
 * Key algorithm for generated certificates. EC P-256 is the default because it is fast to
 * generate; RSA is there for peers that handle only RSA CA keys well.
 */
public enum KeyType {
    EC_P256("EC", 256, "SHA256withECDSA"),
    RSA_2048("RSA", 2048, "SHA256withRSA");

    final String algorithm;
    final int size;
    final String signatureAlgorithm;

    KeyType(String algorithm, int size, String signatureAlgorithm) {
        this.algorithm = algorithm;
        this.size = size;
        this.signatureAlgorithm = signatureAlgorithm;
    }
}
