import { Injectable } from '@nestjs/common';
import { Prompt } from '../../src/prompts/prompt.decorator';
import { ResourceTemplate } from '../../src/resources/resource.decorator';
import { WIDGET_READ } from './widget.tools';

const KNOWN_WIDGETS = ['W-1', 'W-2', 'W-10', 'W-42'];

/** Widgets as a resource template and a prompt, both with argument completion. */
@Injectable()
export class WidgetResources {
  @ResourceTemplate({
    uriTemplate: 'widgets://{id}',
    name: 'widget',
    title: 'Widget record',
    mimeType: 'application/json',
    scopes: [WIDGET_READ],
    complete: { id: 'widgetIds' },
  })
  record(_uri: URL, { id }: Record<string, string>) {
    return KNOWN_WIDGETS.includes(id) ? { id, label: `Widget ${id}` } : undefined; // undefined → not found
  }

  @Prompt({
    name: 'widget_report',
    title: 'Report on a widget',
    arguments: [{ name: 'id', description: 'e.g. W-42', required: true }],
    complete: { id: 'widgetIds' },
    scopes: [WIDGET_READ],
  })
  report({ id }: Record<string, string>) {
    return [{ role: 'user' as const, content: { type: 'text' as const, text: `Write a short status report on widget ${id}.` } }];
  }

  /** Completer: what the user typed so far → suggestions. */
  widgetIds(value: string): string[] {
    return KNOWN_WIDGETS.filter((id) => id.startsWith(value));
  }
}
