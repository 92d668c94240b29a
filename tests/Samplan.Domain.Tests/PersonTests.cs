using static Samplan.Domain.Tests.Build;

namespace Samplan.Domain.Tests;

public sealed class PersonTests
{
    [Fact]
    public void An_interpreter_need_without_a_language_is_refused_L1()
    {
        var person = Person();

        Refusal.Of("L1", () => person.SetLanguage("ar", needsInterpreter: true, interpreterLanguage: " "));

        Assert.False(person.NeedsInterpreter);
    }

    [Fact]
    public void An_interpreter_need_is_recorded_with_its_language_L1()
    {
        var person = Person();

        person.SetLanguage("ar", needsInterpreter: true, interpreterLanguage: " arabisk ");

        Assert.True(person.NeedsInterpreter);
        Assert.Equal("arabisk", person.InterpreterLanguage);
    }

    [Fact]
    public void A_new_person_needing_an_interpreter_must_name_the_language_L1() =>
        Refusal.Of("L1", () => new Samplan.Domain.People.Person(Guid.NewGuid(), SyntheticNumber(), "Fatima Ali", "ar",
            needsInterpreter: true));
}
