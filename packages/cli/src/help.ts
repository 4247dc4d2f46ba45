import { CONFIG_NAMES } from './config.js'

/** The texts `--help` prints: the CLI's own and each command's. */
export type HelpName = 'main' | 'build' | 'check' | 'lint'

const OPTION_FLAGS = `Options (override the config file):
  --config <file>          Config file (default: the first of ${CONFIG_NAMES.join(', ')} in the working directory)
  --policy <policy>        The base policy, as a header string: "default-src 'self'; img-src 'self' data:"
  --algorithm <name>       sha256 | sha384 | sha512 (default sha256)
  --include <regexp>       Which files are pages, by path relative to <dir> (default \\.html?$)
  --unsafe-inline <mode>   respect | override (default respect)
  --no-meta                Do not write the CSP <meta> into pages`

export const HELP: Readonly<Record<HelpName, string>> = {
  main: `cspkit: a strict, hash-based Content-Security-Policy for built static sites

Usage:
  cspkit build <dir> [options]    Hash every inline script and style of the pages in <dir> and write each page's CSP <meta>
  cspkit check <dir> [options]    Exit 1 when a page has inline content its delivered policy does not allow (for CI)
  cspkit check <dir> --browser    Visit the site in headless Chromium like a reader; exit 1 on any CSP violation
  cspkit lint "<policy>"          Lint a policy: what browsers would ignore, and its security weaknesses
  cspkit <command> --help         Options of a command
  cspkit --version                The CLI's version (also -v)

Exit codes: 0 ok, 1 problems found (build failed per --fail-on, check or lint found some), 2 cspkit could not run as asked.
Every message is "[cspkit] CODE (where): what. Fix: how"; CODE is stable.`,
  build: `Usage: cspkit build <dir> [options]

Runs the same pipeline as @cspkit/vite and @cspkit/webpack over a folder another tool already built
(VitePress, Astro, SvelteKit static, Hugo, Eleventy, …). Changed pages are written back atomically;
running it twice changes nothing the second time.

${OPTION_FLAGS}
  --fail-on <level>        error | warning | never: which diagnostics exit 1 (default error)
  --origin <url>           The site's own origin, e.g. https://example.com: absolute URLs to it count
                           as 'self' when the build checks what pages load
  --hosts <names>          Write header files for these hosts, comma-separated: netlify, cloudflare,
                           netlify-toml, vercel, nginx, caddy, apache, github-pages, firebase,
                           azure-swa, vercel-output, netlify-frameworks, amplify (replaces the
                           config's hosts option)
  --scope <scope>          page | site | auto: whose hashes each page's policy holds (default auto: site when a
                           client-side router such as VitePress's is found, so later pages it renders are allowed)
  --strict                 Strict CSP: script-src 'strict-dynamic' with hashes, integrity on every script of the
                           build from its bytes, object-src 'none', base-uri 'none' (--no-strict: off)
  --workers <n|auto>       Worker threads (default auto: one per core for 200 pages or more)
  --dry-run                Process and report, write nothing
  --allow-empty            Succeed on a folder with no pages (by default that fails: a wrong folder)
  --no-progress            No progress line (it is shown only on a terminal anyway)
  --quiet                  Print only problems`,
  check: `Usage: cspkit check <dir> [options]

Reads every page in <dir> and checks each inline script, style, event handler, style attribute and
javascript: URL against the policies the browser will enforce for it: every CSP <meta> in <head> that
comes before it, and the Content-Security-Policy headers the host sends at each URL the page is served
at (from _headers, netlify.toml, vercel.json, nginx's include files, Caddy's snippet or Apache's
.htaccess, matched as that host matches). Every policy must allow
every item. Exits 1 when anything would be blocked, or a page has no policy at all, naming the page,
the element, the policy and the missing source. Writes nothing.

  --config <file>          Config file (its include option picks the pages, its hosts option the host)
  --include <regexp>       Which files are pages (default \\.html?$)
  --algorithm <name>       Algorithm of the hash named as missing (default: as the policy's hashes, else sha256)
  --host <name>            netlify | cloudflare | vercel | nginx | caddy | apache | firebase | azure-swa |
                           vercel-output | netlify-frameworks | amplify: read the header files as this
                           host does (nginx, caddy: the headers.nginx / headers.caddy paths)
                           (default: the config's hosts; else <dir>/_headers as Cloudflare when it uses
                           Cloudflare-only syntax, otherwise as both Netlify and Cloudflare)
  --vercel-config <file>   vercel.json to read (implies --host vercel without a config)
  --netlify-config <file>  netlify.toml to read after <dir>/_headers (implies --host netlify without a config)
  --allow-no-policy        Pages without any CSP pass

  --browser                Instead of reading the pages, visit them in headless Chromium (CSPKIT_CHROMIUM,
                           else /usr/bin/chromium; never downloaded): <dir> is served on 127.0.0.1 as the
                           host serves it (clean URLs, 404.html, the header files above), each page is
                           loaded, its internal links are clicked (client-side routers navigate), a theme
                           switch, search and tabs are used, and every CSP violation in every frame is
                           reported once with its fix and the pages it happened on
  --max-pages <n>          With --browser: visit at most n pages (default 50)
  --page-timeout <ms>      With --browser: time to load a page and let it settle (default 8000)
  --action-timeout <ms>    With --browser: time for each reader action (a theme switch, a search, a tab, a
                           link click); one that runs out is a warning, CHECK_BROWSER_ACTION_CUT_SHORT,
                           and its page is not called fully checked (default 5000)
  --json <file>            With --browser: write a JSON report (pages, actions, violations with fixes)`,
  lint: `Usage: cspkit lint "<policy>"

Lints a policy string (quote it: the shell eats single quotes otherwise): what browsers would ignore
or misread, and its security weaknesses, each with its fix, then the policy as cspkit would write it
and what that leaves out (LINT_DROPPED: an unquoted self empties script-src, which then blocks every
script). Exits 1 when a problem is an error.

  --level <level>          off | recommended | strict: how much security advice (default recommended)
  --fail-on <level>        error | warning | never (default error)`,
}
