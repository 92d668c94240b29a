using Samplan.Domain.People;

namespace Samplan.Domain.Tests;

public sealed class NationalIdentityNumberTests
{
    // Checked by hand: 010190 124 → k1 = 11 − (100+2) mod 11 = 8, k2 = 11 − 110 mod 11 = 11 → 0.
    const string HandCheckedNumber = "01019012480";

    [Fact]
    public void A_hand_checked_fodselsnummer_is_valid()
    {
        var number = NationalIdentityNumber.Parse(HandCheckedNumber);

        Assert.Equal(new DateOnly(1990, 1, 1), number.BirthDate);
        Assert.False(number.IsDNumber);
        Assert.False(number.IsSynthetic);
        Assert.Equal(HandCheckedNumber, number.Value);
    }

    [Fact]
    public void The_helper_agrees_with_the_hand_checked_number() =>
        Assert.Equal(HandCheckedNumber, WithCheckDigits("010190124"));

    [Theory]
    [InlineData("140316", 512, 2016, 3, 14)] // individual 500–999 with year 00–39: born 2000–2039
    [InlineData("020980", 123, 1980, 9, 2)]
    [InlineData("300152", 954, 1952, 1, 30)] // 900–999 with year 40–99: born 1940–1999
    [InlineData("290200", 611, 2000, 2, 29)] // leap day
    public void Valid_fodselsnummer_gives_the_birth_date(string date, int firstIndividual, int year, int month, int day)
    {
        var digits = Valid(date, firstIndividual);

        Assert.True(NationalIdentityNumber.TryParse(digits, out var number, out var error), error);
        Assert.Equal(new DateOnly(year, month, day), number!.BirthDate);
        Assert.False(number.IsDNumber);
    }

    [Fact]
    public void A_valid_d_number_has_its_day_plus_40()
    {
        var digits = Valid("410190", 124); // 1 January 1990 as a D-number

        var number = NationalIdentityNumber.Parse(digits);

        Assert.True(number.IsDNumber);
        Assert.Equal(new DateOnly(1990, 1, 1), number.BirthDate);
    }

    [Fact]
    public void A_wrong_check_digit_is_refused_with_a_clear_message()
    {
        Assert.False(NationalIdentityNumber.TryParse("01019012481", out var number, out var error));

        Assert.Null(number);
        Assert.Equal("Fødselsnummeret har feil kontrollsiffer. Sjekk at alle sifrene er riktige.", error);
        Assert.Throws<FormatException>(() => NationalIdentityNumber.Parse("01019012481"));
    }

    [Theory]
    [InlineData("0101901248")]
    [InlineData("010190124800")]
    [InlineData("0101901248x")]
    [InlineData("")]
    [InlineData(null)]
    public void A_number_without_exactly_11_digits_is_refused(string? input)
    {
        Assert.False(NationalIdentityNumber.TryParse(input, out _, out var error));

        Assert.Equal("Fødselsnummeret må ha 11 sifre.", error);
    }

    [Fact]
    public void Spaces_are_ignored() =>
        Assert.Equal(HandCheckedNumber, NationalIdentityNumber.Parse("010190 12480").Value);

    [Theory]
    [InlineData("310290")] // 31 February
    [InlineData("290201")] // 29 February in a year that is not a leap year (2001 with individual ≥ 500)
    [InlineData("001390")] // day 0, month 13
    public void An_impossible_date_is_refused(string date)
    {
        var digits = Valid(date, date == "290201" ? 500 : 100);

        Assert.False(NationalIdentityNumber.TryParse(digits, out _, out var error));
        Assert.Equal("Fødselsnummeret inneholder ikke en gyldig fødselsdato.", error);
    }

    [Theory]
    [InlineData(2016, 3, 14, 500)]
    [InlineData(1980, 9, 2, 100)]
    [InlineData(1952, 11, 30, 100)]
    [InlineData(2001, 7, 19, 500)]
    public void Synthetic_numbers_are_valid_and_round_trip(int year, int month, int day, int firstIndividual)
    {
        var birth = new DateOnly(year, month, day);
        var synthetic = Enumerable.Range(firstIndividual, 50).Select(i => NationalIdentityNumber.Synthetic(birth, i)).First(n => n is not null)!;

        var parsed = NationalIdentityNumber.Parse(synthetic.Value);

        Assert.Equal(synthetic, parsed);
        Assert.True(parsed.IsSynthetic);
        Assert.Equal(birth, parsed.BirthDate);
        Assert.Equal(month + 80, int.Parse(synthetic.Value[2..4], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Synthetic_gives_null_when_the_individual_number_has_no_valid_check_digit()
    {
        var noCheckDigit = Enumerable.Range(100, 40).First(i => WithCheckDigits($"018190{i:000}") is null);

        Assert.Null(NationalIdentityNumber.Synthetic(new DateOnly(1990, 1, 1), noCheckDigit));
    }

    /// <summary>The first valid number for a date (DDMMYY) from <paramref name="firstIndividual"/> on.</summary>
    static string Valid(string date, int firstIndividual) =>
        Enumerable.Range(firstIndividual, 40).Select(i => WithCheckDigits($"{date}{i:000}")).First(n => n is not null)!;

    /// <summary>Appends the two mod-11 check digits, or null when one would be 10.</summary>
    static string? WithCheckDigits(string nineDigits)
    {
        int? Check(string digits, int[] weights)
        {
            var k = 11 - digits.Select((c, i) => (c - '0') * weights[i]).Sum() % 11;
            return k == 11 ? 0 : k == 10 ? null : k;
        }
        var k1 = Check(nineDigits, [3, 7, 6, 1, 8, 9, 4, 5, 2]);
        if (k1 is null) return null;
        var k2 = Check(nineDigits + k1, [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]);
        return k2 is null ? null : $"{nineDigits}{k1}{k2}";
    }
}
