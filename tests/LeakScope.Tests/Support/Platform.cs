using System.Runtime.Versioning;

// The end-to-end tests use Linux processes and the runtime's Unix diagnostic sockets.
[assembly: SupportedOSPlatform("linux")]
