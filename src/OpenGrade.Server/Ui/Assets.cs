namespace OpenGrade.Server.Ui;

/// <summary>The UI's only stylesheet and script, served by the app itself (no outside resources).</summary>
public static class Assets
{
    public const string Css = """
        :root { --fg:#1b1f23; --muted:#57606a; --line:#d0d7de; --bg:#fff; --accent:#0b5cad; }
        * { box-sizing: border-box; }
        body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); margin: 0; }
        header, main, footer { padding: 0 1.2rem; }
        header { border-bottom: 1px solid var(--line); padding-top: .6rem; padding-bottom: .6rem; }
        header nav a { margin-right: 1.1rem; color: var(--fg); }
        footer { color: var(--muted); border-top: 1px solid var(--line); margin-top: 2rem; font-size: .85rem; }
        a { color: var(--accent); }
        a:focus, button:focus, input:focus, select:focus, summary:focus, td:focus, [tabindex]:focus { outline: 3px solid #f0b400; outline-offset: 1px; }
        .skip { position: absolute; left: -999px; } .skip:focus { left: .5rem; top: .5rem; background: #fff; padding: .3rem; }
        h1 { font-size: 1.55rem; margin: 1rem 0 .4rem; } h2 { font-size: 1.2rem; margin-top: 1.6rem; border-bottom: 1px solid var(--line); }
        table { border-collapse: collapse; margin: .5rem 0; } th, td { border: 1px solid var(--line); padding: .25rem .45rem; text-align: left; vertical-align: top; }
        th { background: #f6f8fa; } .num { text-align: right; font-variant-numeric: tabular-nums; }
        form.filters { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: end; background: #f6f8fa; padding: .6rem; border: 1px solid var(--line); }
        form.filters label { display: flex; flex-direction: column; font-size: .85rem; color: var(--muted); }
        input, select, button { font: inherit; padding: .2rem .35rem; }
        .muted { color: var(--muted); } .ev { margin: .2rem 0; padding-left: 1.1rem; font-size: .85rem; } code { font-size: .85em; overflow-wrap: anywhere; }
        .st { display: inline-block; min-width: 1.6rem; text-align: center; border-radius: 3px; padding: 0 .3rem; font-size: .8rem; font-weight: 600; }
        .st-included, .st-present, .st-met, .st-conformant, .st-likely-exempt, .st-class1 { background: #2e7d32; color: #fff; }
        .st-class2 { background: #558b2f; color: #fff; } .st-class3 { background: #8d6e00; color: #fff; }
        .st-invalid, .st-unlicensed { background: #ffb74d; color: #1b1f23; }
        .st-missing, .st-absent, .st-not-met, .st-not-conformant, .st-not-exempt { background: #b3261e; color: #fff; }
        .st-unknown, .st-insufficient-information, .st-class0 { background: #d6d9dc; color: #1b1f23; }
        table.grid td.cell { text-align: center; position: relative; } table.grid td.cell .pop { display: none; top: 100%; left: 0; }
        table.grid td.cell:hover .pop, table.grid td.cell:focus .pop, table.grid td.cell:focus-within .pop { display: block; }
        table.grid th.comp { writing-mode: vertical-rl; transform: rotate(180deg); font-size: .78rem; white-space: nowrap; }
        .pop { position: absolute; z-index: 2; background: #fff; border: 1px solid var(--line); padding: .4rem; max-width: 24rem; text-align: left; font-size: .82rem; box-shadow: 0 2px 6px #0003; }
        .legend span { margin-right: .8rem; } .pager a { margin-right: 1rem; }
        tr.license-change td { background: #fff4d6; } .flag { background: #fff4d6; padding: .1rem .3rem; }
        .badges li { margin-bottom: .8rem; list-style: none; } textarea.snippet { width: min(46rem, 100%); font-family: ui-monospace, monospace; font-size: .8rem; }
        svg.chart { max-width: 100%; height: auto; border: 1px solid var(--line); background: #fff; }
        dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; } dl.facts dt { font-weight: 600; }
        .cols { display: flex; flex-wrap: wrap; gap: 1.5rem; } .error { color: #b3261e; }
        """;

    /// <summary>Progressive: "Copy" buttons copy the snippet next to them (without JS the snippet stays selectable text).</summary>
    public const string Js = """
        document.addEventListener('click', async (ev) => {
          const button = ev.target.closest('button[data-copy]');
          if (!button) return;
          const field = document.getElementById(button.getAttribute('data-copy'));
          const status = document.getElementById(button.getAttribute('data-copy') + '-status');
          if (!field) return;
          field.select();
          let done = false;
          try { await navigator.clipboard.writeText(field.value); done = true; }
          catch { try { done = document.execCommand('copy'); } catch { done = false; } }
          if (status) status.textContent = done ? 'Copied' : 'Press Ctrl+C to copy';
        });
        document.querySelectorAll('button[data-copy]').forEach(b => { b.hidden = false; });
        """;
}
