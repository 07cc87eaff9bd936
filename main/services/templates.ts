// Templates for File ▸ New: the gallery in shared/templates (a blank design plus the reference designs, bundled
// as data), answered with a clear error for an unknown name.
import { findTemplate, listTemplates, templateNames, templateText } from '../../shared/templates';
import { ServiceError } from '../ipc/errors';

export interface TemplateSummary {
  readonly name: string;
  readonly title: string;
  readonly description: string;
}

export class TemplateService {
  list(): TemplateSummary[] {
    return listTemplates().map(({ name, title, description }) => ({ name, title, description }));
  }

  get(name: string): { name: string; text: string } {
    if (!findTemplate(name)) {
      throw new ServiceError(`There is no template named "${name}".`, [`Available templates: ${templateNames().join(', ')}.`], 'not-found');
    }
    return { name, text: templateText(name) };
  }
}
