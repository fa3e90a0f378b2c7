using OpenGrade.Hostile.Tests.Properties;
using OpenGrade.Sources.Files;
using SharpFuzz;

// opengrade-fuzz TARGET          : run under afl-fuzz (input on stdin, via SharpFuzz)
// opengrade-fuzz TARGET FILE...  : replay inputs once each, uninstrumented; a broken contract
//                                  ends the process with the exception, as it would under AFL.
if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.Error.WriteLine($"usage: OpenGrade.Fuzz TARGET [FILE...]   targets: {string.Join(", ", ParserTargets.All.Select(t => t.Name))}");
    return args.Length == 0 ? 2 : 0;
}

ParserTarget target;
try
{
    target = ParserTargets.ByName(args[0]);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

if (args.Length == 1)
{
    // Bytes are decoded as the CLI decodes files (BOM-aware UTF-8/16/32).
    Fuzzer.OutOfProcess.Run(stream =>
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        target.Run(TextDecoding.Decode(buffer.ToArray()));
    });
    return 0;
}

foreach (var file in args[1..])
{
    var outcome = target.Run(TextDecoding.Decode(File.ReadAllBytes(file)));
    Console.WriteLine(outcome.Error is null ? $"{file}: result" : $"{file}: clean error: {ParserTarget.Show(outcome.Error)}");
}
return 0;
