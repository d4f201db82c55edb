using System.Text;

namespace NumberBlocks.Cli;

public static class Program
{
    public static Task<int> Main(string[] args)
    {
        // The block maps and the progress bar draw with '█' and '·'; a terminal left on another code page would garble them.
        Console.OutputEncoding = Encoding.UTF8;
        return CliApp.RunAsync(args, Console.Out, Console.Error);
    }
}
