using Aegis.Core.Signals;

namespace Aegis.Core.Tests.Signals;

/// <summary>The normaliser undoes the disguises scripts use, and leaves numbers and ordinary words alone.</summary>
public sealed class TextNormalizerTests
{
    [Theory]
    [InlineData("Send me your PICS", "send me your pics")]
    [InlineData("s3nd m3 ur p1cs", "send me your pics")]
    [InlineData("s e n d  p i c s", "send pics")]
    [InlineData("s.e.n.d p.i.c.s", "send pics")]
    [InlineData("y o u ' r e  s o  m a t u r e", "youre so mature")]
    [InlineData("l.e.t's chat, i'm here", "lets chat i am here")]
    [InlineData("se\u200Bnd n\u200Cud\u200Des", "send nudes")]
    [InlineData("ｓｅｎｄ ｐｉｃｓ", "send pics")]
    [InlineData("ѕеnd рiсѕ", "send pics")] // Cyrillic look-alikes inside Latin-looking words
    [InlineData("𝐬𝐞𝐧𝐝 𝐧𝐮𝐝𝐞𝐬", "send nudes")]
    [InlineData("¿Cuántos años tienes?", "cuantos anos tienes")]
    [InlineData("mándame fotitos 📸", "mandame fotos photo")]
    [InlineData("buy me a 🎁💳 now", "buy me a gift card now")]
    [InlineData("pay $50 or 50usd or 100$ or €20", "pay 50 usd or 50 usd or 100 usd or 20 eur")]
    [InlineData("I'll post them, pleeease don't", "ill post them please dont")]
    [InlineData("$end it to 1,000 people!", "send it to 1,000 people")]
    [InlineData("add me on sn@p 👻", "add me on snapchat snapchat")]
    [InlineData("Привет, как дела", "привет kak дела")] // genuine Cyrillic stays; a word made only of look-alikes reads as Latin
    [InlineData("im 13 and ur 25", "i am 13 and your 25")]
    [InlineData("🤫 our s3cr3t", "secret our secret")]
    public void Disguises_are_undone(string text, string normal) => Assert.Equal(normal, TextNormalizer.Normalize(text));

    [Fact]
    public void Numbers_are_number_tokens_and_spaced_letters_are_joined_tokens()
    {
        var buffer = new TokenBuffer();
        TextNormalizer.Normalize("p a y 500 now", buffer);

        Assert.Equal(["pay", "500", "now"], buffer.ToArray());
        Assert.Equal(TokenKind.Joined, buffer.KindOf(0));
        Assert.Equal(TokenKind.Number, buffer.KindOf(1));
        Assert.Equal(TokenKind.Word, buffer.KindOf(2));
    }

    [Fact]
    public void Normalising_again_into_the_same_buffer_allocates_nothing()
    {
        var buffer = new TokenBuffer();
        const string text = "hey s3nd me ur p1cs 📸 or I'll $hare them, pay $50 in 🎁💳 n o w";
        TextNormalizer.Normalize(text, buffer);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            TextNormalizer.Normalize(text, buffer);
        }

        var perCall = (GC.GetAllocatedBytesForCurrentThread() - before) / 100;

        // Optimised code allocates nothing; a Debug build's unoptimised JIT code allocates a little per token, so
        // there the bound is loose (it still catches a string or array per token).
        var optimised = typeof(TextNormalizer).Assembly.GetCustomAttributes(typeof(System.Diagnostics.DebuggableAttribute), false)
            .Cast<System.Diagnostics.DebuggableAttribute>().All(a => !a.IsJITOptimizerDisabled);
        Assert.True(optimised ? perCall == 0 : perCall < 2048, $"{perCall} bytes per call");
    }

    [Fact]
    public void A_very_long_text_is_read_up_to_the_limit()
    {
        var tokens = TextNormalizer.Tokenize(string.Concat(Enumerable.Repeat("word ", 5000)));
        Assert.Equal((TextNormalizer.MaxChars + 4) / 5, tokens.Length);
    }
}
