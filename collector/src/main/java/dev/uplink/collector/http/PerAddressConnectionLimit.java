package dev.uplink.collector.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SocketChannel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.io.SelectorManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At most {@code max} open connections per client address: one more is closed as it is accepted,
 * before any TLS work. Jetty's own limits (ConnectionLimit, NetworkConnectionLimit) are global: they
 * would let one address take every slot (docs/behaviour.md#collector-answers-and-limits).
 */
final class PerAddressConnectionLimit implements SelectorManager.AcceptListener {

    private static final Logger LOG = LoggerFactory.getLogger(PerAddressConnectionLimit.class);

    private final int max;
    private final Map<InetAddress, AtomicInteger> open = new ConcurrentHashMap<>();
    private final Map<SelectableChannel, InetAddress> counted = new ConcurrentHashMap<>();

    PerAddressConnectionLimit(int max) {
        this.max = max;
    }

    @Override
    public void onAccepting(SelectableChannel channel) {
        InetAddress address = remote(channel);
        if (address == null) {
            return;
        }
        AtomicInteger n = open.computeIfAbsent(address, a -> new AtomicInteger());
        if (n.incrementAndGet() > max) {
            release(address);
            LOG.warn("closed a connection from {}: it already holds {} connections", address.getHostAddress(), max);
            try {
                channel.close(); // Jetty then fails the registration and calls onAcceptFailed: nothing counted
            } catch (IOException ignored) {
                // closed either way
            }
            return;
        }
        counted.put(channel, address);
    }

    @Override
    public void onAcceptFailed(SelectableChannel channel, Throwable cause) {
        onClosed(channel);
    }

    @Override
    public void onClosed(SelectableChannel channel) {
        InetAddress address = counted.remove(channel);
        if (address != null) {
            release(address);
        }
    }

    int openFrom(InetAddress address) {
        AtomicInteger n = open.get(address);
        return n == null ? 0 : n.get();
    }

    private void release(InetAddress address) {
        open.computeIfPresent(address, (a, n) -> n.decrementAndGet() <= 0 ? null : n);
    }

    private static InetAddress remote(SelectableChannel channel) {
        try {
            return channel instanceof SocketChannel s && s.getRemoteAddress() instanceof InetSocketAddress r
                    ? r.getAddress()
                    : null;
        } catch (IOException e) {
            return null;
        }
    }
}
