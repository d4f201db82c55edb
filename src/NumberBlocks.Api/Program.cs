using NumberBlocks.Api.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddNumberBlocks();

var app = builder.Build();
await app.InitializeNumberBlocksAsync();
app.MapNumberBlocks();
await app.RunAsync();

/// <summary>The entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
