import type { Command } from 'commander';
import { createApp } from '../../app/create-app.ts';
import { rendererDir } from '../../core/paths.ts';
import { startHttpBridge } from '../../server/http-bridge.ts';
import { openInDefaultBrowser } from '../../server/open-browser.ts';
import { DEFAULT_DEMO_SCENARIO } from '../../emulator/scenario/resolve.ts';
import { startDemoTenant } from '../../tenant/demo-tenant.ts';
import { printable, type Output } from '../output.ts';

export function registerServeCommand(program: Command, output: Output): void {
  program
    .command('serve')
    .description('start browser mode: the app on a loopback web server (127.0.0.1 only)')
    .option('--port <port>', 'port to listen on (default: a free one)', '0')
    .option('--data-dir <dir>', 'data folder')
    .option('--no-open', 'do not open the default browser')
    .option(
      '--scenario <name|path>',
      'the demo tenant: a built-in scenario (contoso, fabrikam, large) or a scenario file',
      DEFAULT_DEMO_SCENARIO,
    )
    .option('--no-demo', 'start without the demo tenant')
    .option('--ready-json', 'print one JSON line with url and token when ready (for test harnesses)')
    .action(
      async (options: {
        port: string;
        dataDir?: string;
        open: boolean;
        readyJson?: boolean;
        scenario: string;
        demo: boolean;
      }) => {
        const port = Number(options.port);
        if (!Number.isInteger(port) || port < 0 || port > 65535)
          throw new Error('--port takes a number from 0 to 65535');
        const tenant = options.demo ? await startDemoTenant(options.scenario) : null;
        const app = createApp({ mode: 'browser', tenant, ...(options.dataDir ? { dataDir: options.dataDir } : {}) });
        const bridge = await startHttpBridge({ app, rendererDir: rendererDir(), port });
        if (options.readyJson) {
          output.out(
            JSON.stringify({
              ready: true,
              origin: bridge.origin,
              url: bridge.url,
              token: bridge.token,
              dataDir: app.dataDir,
            }),
          );
        } else {
          output.out(`Clearance is running in browser mode. Open this address (it carries this session's access key):`);
          output.out(`  ${bridge.url}`);
          output.out(`Case files: ${app.dataDir}`);
          if (tenant)
            output.out(
              `Demo tenant: ${printable(tenant.info.displayName ?? '')} (emulated, scenario "${printable(tenant.info.scenario ?? '')}"; --no-demo to start without it)`,
            );
          output.out('Press Ctrl+C to stop.');
        }
        if (options.open && !process.env.CI) openInDefaultBrowser(bridge.url);

        let stopping = false;
        const stop = () => {
          if (stopping) return;
          stopping = true;
          void bridge
            .close()
            .then(() => app.close())
            .finally(() => process.exit(0));
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
        // Keep serving until a signal arrives.
        await new Promise<never>(() => {});
      },
    );
}
