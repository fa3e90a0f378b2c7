using System.Text.RegularExpressions;
using OpenGrade.Hostile.Tests.Properties;
using OpenGrade.Sources.Files;
using SharpFuzz;

// OpenGrade.Fuzz TARGET                 : run under afl-fuzz (input on stdin, via SharpFuzz)
// OpenGrade.Fuzz TARGET FILE...         : replay inputs once each, uninstrumented; a broken contract
//                                         ends the process with the exception, as it would under AFL
// OpenGrade.Fuzz TARGET --triage FILE...: one line per input, "FILE<TAB>ok" or "FILE<TAB>SIGNATURE"
//                                         (exception type and message shape), to keep one input per bug
if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.Error.WriteLine($"usage: OpenGrade.Fuzz TARGET [--triage] [FILE...]   targets: {string.Join(", ", ParserTargets.All.Select(t => t.Name))}");
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

// Bytes are decoded as the CLI decodes files (BOM-aware UTF-8/16/32).
if (args.Length == 1)
{
    Fuzzer.OutOfProcess.Run(stream =>
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        target.Run(TextDecoding.Decode(buffer.ToArray()));
    });
    return 0;
}

if (args[1] == "--triage")
{
    foreach (var file in args[2..])
    {
        string signature;
        try
        {
            target.Run(TextDecoding.Decode(File.ReadAllBytes(file)));
            signature = "ok";
        }
        catch (Exception e)
        {
            signature = Signature(e);
        }
        Console.WriteLine($"{file}\t{signature}");
        Console.Out.Flush();
    }
    return 0;
}

foreach (var file in args[1..])
{
    var outcome = target.Run(TextDecoding.Decode(File.ReadAllBytes(file)));
    Console.WriteLine(outcome.Error is null ? $"{file}: result" : $"{file}: clean error: {ParserTarget.Show(outcome.Error)}");
}
return 0;

// The exception's type and the shape of its message: quoted input, numbers and positions removed.
static string Signature(Exception e)
{
    var message = e is ContractViolation && e.InnerException is { } inner ? $"{e.Message.Split(':')[1]} ({inner.GetType().Name})" : e.Message;
    message = Regex.Replace(message, @"'[^']*'|""[^""]*""|\d+", "#");
    message = Regex.Replace(message, @"\s+", " ");
    return $"{e.GetType().Name}: {(message.Length > 90 ? message[..90] : message)}";
}
