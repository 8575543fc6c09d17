// DynamoDB Local, listening on the loopback address only.
//
// DynamoDB Local has no option naming the address it listens on: its Jetty connector binds to
// every interface, so anyone on the machine's network could read and write the local table.
// This launcher builds the server exactly as DynamoDB Local's own main does, from the same
// command line (-inMemory -port N ...), and sets its connectors' host to 127.0.0.1 before it
// starts. Run it with Java's source launcher (no compile step, works on a JRE):
//
//   java -Djava.library.path=DIR/DynamoDBLocal_lib -cp DIR/DynamoDBLocal.jar \
//     infra/local/LoopbackDynamoDB.java -inMemory -disableTelemetry -port 8000
//
// The server's Jetty instance is a private field of DynamoDBProxyServer; if a later release
// renames it, this fails at once with a clear message rather than listening on every address.

import java.lang.reflect.Field;
import org.eclipse.jetty.server.AbstractNetworkConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

public class LoopbackDynamoDB {
    private static final String LOOPBACK = "127.0.0.1";

    public static void main(String[] args) throws Exception {
        DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
        if (proxy == null) {
            // --help, or a command line DynamoDB Local refused (it printed why).
            System.exit(2);
        }
        Server server;
        try {
            Field field = DynamoDBProxyServer.class.getDeclaredField("server");
            field.setAccessible(true);
            server = (Server) field.get(proxy);
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalStateException(
                    "this DynamoDB Local release keeps its Jetty server elsewhere; cannot bind it to " + LOOPBACK, e);
        }
        int bound = 0;
        for (Connector connector : server.getConnectors()) {
            if (connector instanceof AbstractNetworkConnector network) {
                network.setHost(LOOPBACK);
                bound++;
            }
        }
        if (bound == 0) {
            throw new IllegalStateException("DynamoDB Local has no network connector to bind to " + LOOPBACK);
        }
        proxy.start();
        System.out.println("DynamoDB Local listens on " + LOOPBACK + " only");
    }
}
