using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

// lifewindow-measures [root]: for functions/ and orchestrations/, every method (and local function) longer than
// 50 lines and every Azure Function ([Function] attribute) whose body is longer than 15 lines, by line span of the
// body, blank lines and comments included; then totals. Exit 0 always: these are figures, not a gate.
var root = args.Length > 0 ? args[0] : Directory.GetCurrentDirectory();
const int MethodLimit = 50;
const int FunctionLimit = 15;
var methods = 0;
var functions = 0;
var longMethods = new List<string>();
var longFunctions = new List<string>();
foreach (var folder in new[] { "functions", "orchestrations" })
{
    foreach (var file in Directory.EnumerateFiles(Path.Combine(root, folder), "*.cs", SearchOption.AllDirectories)
        .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
            && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
        .Order(StringComparer.Ordinal))
    {
        var tree = CSharpSyntaxTree.ParseText(File.ReadAllText(file), path: Path.GetRelativePath(root, file));
        foreach (var node in tree.GetRoot().DescendantNodes())
        {
            var (name, body, attributes) = node switch
            {
                MethodDeclarationSyntax m => (m.Identifier.Text, (SyntaxNode?)m.Body ?? m.ExpressionBody, m.AttributeLists),
                LocalFunctionStatementSyntax l => (l.Identifier.Text, (SyntaxNode?)l.Body ?? l.ExpressionBody, l.AttributeLists),
                ConstructorDeclarationSyntax c => (c.Identifier.Text, (SyntaxNode?)c.Body ?? c.ExpressionBody, c.AttributeLists),
                _ => (null, null, default),
            };
            if (name is null || body is null)
            {
                continue;
            }

            var span = body.GetLocation().GetLineSpan();
            var lines = span.EndLinePosition.Line - span.StartLinePosition.Line + 1;
            var where = string.Create(CultureInfo.InvariantCulture, $"{tree.FilePath}:{span.StartLinePosition.Line + 1} {name}: {lines} lines");
            methods++;
            if (lines > MethodLimit)
            {
                longMethods.Add(where);
            }

            if (attributes.SelectMany(a => a.Attributes).Any(a => a.Name.ToString() is "Function" or "FunctionAttribute"))
            {
                functions++;
                if (lines > FunctionLimit)
                {
                    longFunctions.Add(where);
                }
            }
        }
    }
}

Console.WriteLine($"Methods over {MethodLimit} lines in functions/ and orchestrations/ ({longMethods.Count} of {methods}):");
longMethods.ForEach(m => Console.WriteLine("  " + m));
Console.WriteLine($"Function bodies over {FunctionLimit} lines ({longFunctions.Count} of {functions} functions):");
longFunctions.ForEach(f => Console.WriteLine("  " + f));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{longMethods.Count} methods over {MethodLimit} lines, {longFunctions.Count} functions over {FunctionLimit} lines"));
return 0;
