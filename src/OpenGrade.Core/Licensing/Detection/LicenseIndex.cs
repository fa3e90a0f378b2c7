using System.Runtime.InteropServices;
using System.Text;

namespace OpenGrade.Core.Licensing.Detection;

/// <summary>One reference text in the index: its id, title and the sizes the scores need.</summary>
public sealed record IndexedLicense(string Id, string Name, int WordCount, int BigramCount, ulong Hash);

/// <summary>
/// The compiled reference texts (the SPDX list, built from the npm package at build time): the
/// word vocabulary, one entry per license, and an inverted index from each word bigram to the
/// licenses whose normalised text contains it. Stored as flat sorted arrays so that loading is a
/// few block reads and lookups are binary searches; nothing is rebuilt at start-up.
/// </summary>
public sealed class LicenseIndex
{
    private const string Magic = "OGLI3";

    private readonly Dictionary<string, int> _vocabulary;

    private readonly int[] _firstStart;
    private readonly int[] _sequenceStarts;
    private readonly int[] _sequences;

    private LicenseIndex(string[] words, IndexedLicense[] licenses, ulong[] keys, int[] offsets, ushort[] postings, int[] sequenceStarts, int[] sequences)
    {
        _sequenceStarts = sequenceStarts;
        _sequences = sequences;
        Words = words;
        Licenses = licenses;
        Keys = keys;
        Offsets = offsets;
        Postings = postings;
        _vocabulary = new Dictionary<string, int>(words.Length, StringComparer.Ordinal);
        for (var i = 0; i < words.Length; i++) _vocabulary[words[i]] = i;
        // Keys sorted by first word: where each first word's keys start, so that a lookup
        // searches only the few keys of its first word.
        _firstStart = new int[words.Length + 1];
        var k = 0;
        for (var w = 0; w <= words.Length; w++)
        {
            while (k < keys.Length && (long)(keys[k] >> 32) < w) k++;
            _firstStart[w] = k;
        }
    }

    public IReadOnlyList<string> Words { get; }
    public IReadOnlyList<IndexedLicense> Licenses { get; }

    /// <summary>Sorted distinct bigram keys of all reference texts.</summary>
    internal ulong[] Keys { get; }

    /// <summary>Postings of key k: <c>Postings[Offsets[k]..Offsets[k+1]]</c>, license numbers ascending.</summary>
    internal int[] Offsets { get; }

    internal ushort[] Postings { get; }

    /// <summary>The normalised reference text of license number <paramref name="license"/>, as word ids.</summary>
    public ReadOnlySpan<int> Sequence(int license) => _sequences.AsSpan(_sequenceStarts[license], _sequenceStarts[license + 1] - _sequenceStarts[license]);

    /// <summary>The vocabulary number of a word, or -1 for a word no reference text uses.</summary>
    public int WordId(string word) => _vocabulary.TryGetValue(word, out var id) ? id : -1;

    public static ulong BigramKey(int first, int second) => (ulong)(uint)first << 32 | (uint)second;

    /// <summary>The position of a bigram key among <see cref="Keys"/>, or -1.</summary>
    internal int KeyIndex(ulong key)
    {
        var first = key >> 32;
        if (first >= (ulong)Words.Count) return -1;
        var from = _firstStart[first];
        return Search(Keys, from, _firstStart[first + 1], key);
    }

    // Plain binary searches on the sorted arrays: the comparer-based Array.BinarySearch costs a
    // noticeable share of a query.
    private static int Search(ulong[] a, int lo, int hi, ulong key)
    {
        hi--;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var v = a[mid];
            if (v == key) return mid;
            if (v < key) lo = mid + 1;
            else hi = mid - 1;
        }
        return -1;
    }

    private static bool Search(ushort[] a, int lo, int hi, ushort key)
    {
        hi--;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var v = a[mid];
            if (v == key) return true;
            if (v < key) lo = mid + 1;
            else hi = mid - 1;
        }
        return false;
    }

    internal bool Contains(int keyIndex, int license) =>
        keyIndex >= 0 && Search(Postings, Offsets[keyIndex], Offsets[keyIndex + 1], (ushort)license);

    /// <summary>A stable 64-bit FNV-1a hash of a word sequence (the exact-match key).</summary>
    public static ulong HashWords(IEnumerable<string> words)
    {
        var hash = 14695981039346656037UL;
        foreach (var w in words)
        {
            foreach (var c in w) hash = (hash ^ c) * 1099511628211UL;
            hash = (hash ^ ' ') * 1099511628211UL;
        }
        return hash;
    }

    /// <summary>Compiles reference texts into the binary form <see cref="Read"/> loads (run at build time).</summary>
    public static void Write(IEnumerable<(string Id, string Name, string Text)> texts, Stream output)
    {
        var vocabulary = new Dictionary<string, int>(StringComparer.Ordinal);
        var words = new List<string>();
        var licenses = new List<IndexedLicense>();
        var postings = new SortedDictionary<ulong, List<ushort>>();
        var sequences = new List<int>();
        var sequenceStarts = new List<int>();
        foreach (var (id, name, text) in texts.OrderBy(t => t.Id, StringComparer.Ordinal))
        {
            var (matching, _) = LicenseTextNormalizer.Normalize(ReferenceTextPreparer.Prepare(id, text)).MatchingWords();
            var ids = new int[matching.Length];
            for (var i = 0; i < matching.Length; i++)
            {
                if (!vocabulary.TryGetValue(matching[i], out var wid))
                {
                    wid = words.Count;
                    vocabulary[matching[i]] = wid;
                    words.Add(matching[i]);
                }
                ids[i] = wid;
            }
            sequenceStarts.Add(sequences.Count);
            sequences.AddRange(ids);
            var bigrams = new HashSet<ulong>();
            for (var i = 0; i + 1 < ids.Length; i++) bigrams.Add(BigramKey(ids[i], ids[i + 1]));
            var number = (ushort)licenses.Count;
            foreach (var key in bigrams)
            {
                if (!postings.TryGetValue(key, out var list)) postings[key] = list = [];
                list.Add(number);
            }
            licenses.Add(new IndexedLicense(id, name, matching.Length, bigrams.Count, HashWords(matching)));
        }

        using var writer = new BinaryWriter(output, Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(words.Count);
        foreach (var w in words) writer.Write(w);
        writer.Write(licenses.Count);
        foreach (var l in licenses)
        {
            writer.Write(l.Id);
            writer.Write(l.Name);
            writer.Write(l.WordCount);
            writer.Write(l.BigramCount);
            writer.Write(l.Hash);
        }
        var keys = postings.Keys.ToArray();
        var offsets = new int[keys.Length + 1];
        var flat = new List<ushort>();
        for (var k = 0; k < keys.Length; k++)
        {
            offsets[k] = flat.Count;
            flat.AddRange(postings[keys[k]]);
        }
        offsets[keys.Length] = flat.Count;
        writer.Write(keys.Length);
        writer.Write(flat.Count);
        writer.Write(MemoryMarshal.AsBytes(keys.AsSpan()));
        writer.Write(MemoryMarshal.AsBytes(offsets.AsSpan()));
        writer.Write(MemoryMarshal.AsBytes(flat.ToArray().AsSpan()));
        sequenceStarts.Add(sequences.Count);
        writer.Write(sequences.Count);
        writer.Write(MemoryMarshal.AsBytes(sequenceStarts.ToArray().AsSpan()));
        writer.Write(MemoryMarshal.AsBytes(sequences.ToArray().AsSpan()));
    }

    public static LicenseIndex Read(Stream input)
    {
        using var reader = new BinaryReader(input, Encoding.UTF8, leaveOpen: true);
        if (reader.ReadString() != Magic) throw new InvalidDataException("the license index has an unknown format; rebuild the project");
        var words = new string[reader.ReadInt32()];
        for (var i = 0; i < words.Length; i++) words[i] = reader.ReadString();
        var licenses = new IndexedLicense[reader.ReadInt32()];
        for (var i = 0; i < licenses.Length; i++)
        {
            licenses[i] = new IndexedLicense(reader.ReadString(), reader.ReadString(), reader.ReadInt32(), reader.ReadInt32(), reader.ReadUInt64());
        }
        var keys = new ulong[reader.ReadInt32()];
        var postings = new ushort[reader.ReadInt32()];
        var offsets = new int[keys.Length + 1];
        input.ReadExactly(MemoryMarshal.AsBytes(keys.AsSpan()));
        input.ReadExactly(MemoryMarshal.AsBytes(offsets.AsSpan()));
        input.ReadExactly(MemoryMarshal.AsBytes(postings.AsSpan()));
        var sequences = new int[reader.ReadInt32()];
        var sequenceStarts = new int[licenses.Length + 1];
        input.ReadExactly(MemoryMarshal.AsBytes(sequenceStarts.AsSpan()));
        input.ReadExactly(MemoryMarshal.AsBytes(sequences.AsSpan()));
        return new LicenseIndex(words, licenses, keys, offsets, postings, sequenceStarts, sequences);
    }
}
