using System.Text.Json;
using Mandate.Cli.Http;

namespace Mandate.Cli.Output;

/// <summary>Writes one indented JSON array element by element, so a long listing never has to be held whole.</summary>
internal sealed class JsonArrayWriter(TextWriter writer)
{
    private bool _started;

    /// <summary>Writes one element (opening the array before the first).</summary>
    public void Write(JsonElement element)
    {
        writer.Write(_started ? ",\n  " : "[\n  ");
        _started = true;
        writer.Write(JsonText.ToIndentedJson(element).ReplaceLineEndings("\n  "));
    }

    /// <summary>Closes the array (<c>[]</c> when nothing was written).</summary>
    public void End() => writer.WriteLine(_started ? "\n]" : "[]");
}
