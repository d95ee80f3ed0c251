package io.livedecode.decoder.service;

import io.livedecode.decoder.config.KafkaSecurity;
import java.security.cert.CertificateException;
import java.util.Optional;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;

/**
 * The cluster refused who we are: wrong SASL credentials, or a broker certificate our truststore
 * does not vouch for. No retry can fix that, unlike a broker that is away, so {@code serve} and
 * {@code replay} stop with this message (naming the user, mechanism and address, never a secret)
 * and a non-zero exit.
 */
public final class KafkaAccessDenied extends RuntimeException {

    private KafkaAccessDenied(String message, Throwable cause) {
        super(message, cause, false, false);
    }

    /**
     * The clear form of {@code e} when an authentication failure is among its causes.
     *
     * @param bootstrap the addresses the client was given, for the message
     */
    public static Optional<KafkaAccessDenied> of(Throwable e, KafkaSecurity security, String bootstrap) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof KafkaAccessDenied denied) {
                return Optional.of(denied);
            }
            if (t instanceof SslAuthenticationException ssl) {
                return Optional.of(new KafkaAccessDenied(tlsMessage(ssl, security, bootstrap), ssl));
            }
            if (t instanceof SaslAuthenticationException sasl) {
                // Without the kafka.sasl.* keys the credentials came through a pass-through prefix.
                String whose = security.sasl() ? "of user '" + security.username() + "' (" + security.mechanism() + ")"
                        : "set under kafka.common.*/consumer.*/producer.*";
                return Optional.of(new KafkaAccessDenied("Kafka rejected the SASL credentials " + whose + " at "
                        + bootstrap + ": " + sasl.getMessage(), sasl));
            }
            if (t instanceof AuthenticationException auth) {
                return Optional.of(new KafkaAccessDenied("Kafka at " + bootstrap + " refused to authenticate "
                        + security.describe() + ": " + auth.getMessage(), auth));
            }
        }
        return Optional.empty();
    }

    /** {@code e} itself, or its clear form when it is an authentication failure. */
    public static RuntimeException explain(RuntimeException e, KafkaSecurity security, String bootstrap) {
        return of(e, security, bootstrap).<RuntimeException>map(d -> d).orElse(e);
    }

    private static String tlsMessage(SslAuthenticationException e, KafkaSecurity security, String bootstrap) {
        Throwable root = e;
        boolean certificate = false;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
            certificate |= root instanceof CertificateException
                    || root instanceof java.security.cert.CertPathValidatorException;
        }
        String store = security.truststoreLocation().isEmpty() ? "the JDK's default CAs"
                : "truststore " + security.truststoreLocation();
        String why = certificate ? "the broker's certificate is not trusted by " + store + " or not issued for that host name"
                : "the TLS handshake failed";
        return "cannot connect to Kafka at " + bootstrap + " over " + security.protocol() + ": " + why + " ("
                + root.getMessage() + ")";
    }
}
