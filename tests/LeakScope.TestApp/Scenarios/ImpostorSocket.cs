using System.Net.Sockets;

namespace LeakScope.TestApp;

/// <summary>
/// A Unix socket planted under another process's diagnostic-socket name, as a hostile local user
/// would: "impostor PATH silent" listens and never answers (the target then looks hung);
/// "impostor PATH garbage" answers every connection with bytes that are no diagnostic reply.
/// The socket lives until the process ends; the test deletes the file.
/// </summary>
internal static class ImpostorSocket
{
    private static readonly List<Socket> s_listeners = [];

    public static void Listen(string[] args, TextWriter output)
    {
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(args[0]));
        listener.Listen();
        s_listeners.Add(listener);
        if (args.Length > 1 && args[1] == "garbage")
        {
            new Thread(() => AnswerGarbage(listener)) { IsBackground = true }.Start();
        }
    }

    private static void AnswerGarbage(Socket listener)
    {
        byte[] garbage = "this is not the diagnostic protocol\n"u8.ToArray();
        while (true)
        {
            using Socket connection = listener.Accept();
            try
            {
                connection.Send(garbage);
                connection.Shutdown(SocketShutdown.Both);
            }
            catch (SocketException)
            {
                // The client went away first: nothing to answer.
            }
        }
    }
}
