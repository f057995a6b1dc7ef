"""Every message the autograder prints for a student, in Spanish and English.

`say(key, **values)` gives the message in the current language. A message
missing in either language is a bug (tests/test_messages.py checks).
"""

LANGUAGES = ("es", "en")
_language = None


def default_language():
    """Spanish when the locale starts with 'es', else English (as nn.py decides)."""
    import nn
    return nn.default_language()


def set_language(language):
    """The language of the grader's messages and of nn.py's and backend.py's errors."""
    global _language
    if language not in LANGUAGES:
        raise ValueError("language must be one of {}, got {!r}".format(LANGUAGES, language))
    _language = language
    import nn
    nn.set_language(language)


def language():
    return _language or default_language()


def say(key, **values):
    return MESSAGES[key][language()].format(**values)


MESSAGES = {
    # -- structure of what models.py returns
    "not_a_node": {
        "en": "{method} should return a node, not {got}",
        "es": "{method} debe devolver un nodo, no {got}",
    },
    "not_a_parameter": {
        "en": "{method} should return an nn.Parameter, got {got}",
        "es": "{method} debe devolver un nn.Parameter, pero devolvió {got}",
    },
    "not_a_loss": {
        "en": "{method} should return a loss node (nn.SquareLoss or nn.SoftmaxLoss), got {got}",
        "es": "{method} debe devolver un nodo de pérdida (nn.SquareLoss o nn.SoftmaxLoss), "
              "pero devolvió {got}",
    },
    "wrong_shape": {
        "en": "{method} should return a node of shape {expected}, got {got}{hint}",
        "es": "{method} debe devolver un nodo de forma {expected}, pero tiene forma {got}{hint}",
    },
    "hint_last_layer": {
        "en": " (check the size of the last layer: its number of outputs must be {size})",
        "es": " (revisa el tamaño de la última capa: su número de salidas debe ser {size})",
    },
    "no_dependence": {
        "en": "The node returned by {method} does not depend on the input {input}",
        "es": "El nodo que devuelve {method} no depende de la entrada {input}",
    },
    "no_dependence_char": {
        "en": "The node returned by {method} does not depend on character {position} of "
              "{length} (xs[{position}]): every character of the word must count",
        "es": "El nodo que devuelve {method} no depende del carácter {position} de {length} "
              "(xs[{position}]): todos los caracteres de la palabra deben contar",
    },
    "new_parameters": {
        "en": "{method} uses parameters that were not used before. Create every "
              "nn.Parameter once, in __init__, and reuse it on every call.",
        "es": "{method} usa parámetros que no se habían usado antes. Crea cada "
              "nn.Parameter una sola vez, en __init__, y reutilízalo en cada llamada.",
    },
    # -- q1 perceptron
    "perceptron_sanity": {
        "en": "Sanity checking perceptron...",
        "es": "Comprobando el perceptrón...",
    },
    "perceptron_score": {
        "en": "PerceptronModel.run() gave the score {got:.4f} for point {point}; "
              "the dot product with the weights is {expected:.4f}",
        "es": "PerceptronModel.run() dio la puntuación {got:.4f} para el punto {point}; "
              "el producto escalar con los pesos es {expected:.4f}",
    },
    "perceptron_prediction_value": {
        "en": "PerceptronModel.get_prediction() should return 1 or -1, not {got!r}",
        "es": "PerceptronModel.get_prediction() debe devolver 1 o -1, no {got!r}",
    },
    "perceptron_prediction_rule": {
        "en": "PerceptronModel.get_prediction() returned {got} for a point with score "
              "{score:.4f}; it should return 1 when the score is >= 0 and -1 otherwise",
        "es": "PerceptronModel.get_prediction() devolvió {got} para un punto con puntuación "
              "{score:.4f}; debe devolver 1 si la puntuación es >= 0 y -1 si no",
    },
    "perceptron_update_check": {
        "en": "Sanity checking perceptron weight updates...",
        "es": "Comprobando cómo actualiza los pesos el perceptrón...",
    },
    "perceptron_update_wrong": {
        "en": "The weights after training are wrong.\n"
              "  initial weights: {initial}\n"
              "  every training point: {point}, label -1\n"
              "  expected weights after training: {expected}\n"
              "  weights after training: {got}\n"
              "On a mistake, update with w <- w + y * x: self.w.update(x, y_value).",
        "es": "Los pesos después del entrenamiento no son correctos.\n"
              "  pesos iniciales: {initial}\n"
              "  todos los puntos de entrenamiento: {point}, etiqueta -1\n"
              "  pesos esperados tras el entrenamiento: {expected}\n"
              "  pesos tras el entrenamiento: {got}\n"
              "Cuando falla, actualiza con w <- w + y * x: self.w.update(x, valor_de_y).",
    },
    "perceptron_training": {
        "en": "Sanity checking complete. Now training perceptron",
        "es": "Comprobaciones superadas. Ahora se entrena el perceptrón",
    },
    "perceptron_no_iteration": {
        "en": "The perceptron did not iterate over the dataset (use dataset.iterate_once(1))",
        "es": "El perceptrón no recorrió el conjunto de datos (usa dataset.iterate_once(1))",
    },
    "perceptron_accuracy": {
        "en": "The perceptron classifies {accuracy:.1%} of the training points correctly; "
              "it must reach 100%: keep training until a whole pass makes no mistake",
        "es": "El perceptrón clasifica bien el {accuracy:.1%} de los puntos de entrenamiento; "
              "debe llegar al 100%: sigue entrenando hasta que una pasada completa no tenga errores",
    },
    # -- q2 regression
    "loss_mismatch": {
        "en": "RegressionModel.get_loss() returned a loss of {loss:.4f}, but the autograder "
              "computed {expected:.4f} from the output of RegressionModel.run()",
        "es": "RegressionModel.get_loss() devolvió una pérdida de {loss:.4f}, pero el "
              "autocalificador calculó {expected:.4f} a partir de RegressionModel.run()",
    },
    "regression_pass": {
        "en": "Your final loss is: {loss:f}",
        "es": "Tu pérdida final es: {loss:f}",
    },
    "regression_fail": {
        "en": "Your final loss ({loss:f}) must be no more than {threshold:.4f} to receive "
              "full points for this question",
        "es": "Tu pérdida final ({loss:f}) debe ser como mucho {threshold:.4f} para obtener "
              "todos los puntos de esta pregunta",
    },
    # -- q3 digits
    "accuracy_pass": {
        "en": "Your final test set accuracy is: {accuracy:%}",
        "es": "Tu precisión final en el conjunto de test es: {accuracy:%}",
    },
    "accuracy_fail": {
        "en": "Your final test set accuracy ({accuracy:%}) must be at least {threshold:.0%} "
              "to receive full points for this question",
        "es": "Tu precisión final en el conjunto de test ({accuracy:%}) debe ser al menos "
              "{threshold:.0%} para obtener todos los puntos de esta pregunta",
    },
    "lang_chance_hint": {
        "en": "An accuracy near 20% is chance: check that the scores come from the hidden "
              "state after the last character, that the last layer has no ReLU, and the "
              "learning rate.",
        "es": "Una precisión cercana al 20% es la del azar: comprueba que las puntuaciones "
              "salgan del estado oculto tras el último carácter, que la última capa no tenga "
              "ReLU, y la tasa de aprendizaje.",
    },
    "digits_chance_hint": {
        "en": "An accuracy near 10% is chance: check that the last layer has no ReLU "
              "and that the learning rate is neither too large nor too small.",
        "es": "Una precisión cercana al 10% es la del azar: comprueba que la última capa "
              "no tenga ReLU y que la tasa de aprendizaje no sea ni muy grande ni muy pequeña.",
    },
    # -- crashes and the run
    "student_exception": {
        "en": "Your code raised an exception, so this check earns no more points:",
        "es": "Tu código lanzó una excepción, así que esta comprobación no suma más puntos:",
    },
    "student_interrupt": {
        "en": "Your code raised KeyboardInterrupt, which ends the check.",
        "es": "Tu código lanzó KeyboardInterrupt, lo que termina la comprobación.",
    },
    "student_memory": {
        "en": "Your code ran out of memory (MemoryError). Look for arrays or lists that grow "
              "without end, or that hold far more than the data.",
        "es": "Tu código se quedó sin memoria (MemoryError). Busca arrays o listas que crezcan "
              "sin fin, o que guarden mucho más que los datos.",
    },
    "child_timeout": {
        "en": "Your code did not finish within the time limit of {seconds} seconds and was "
              "stopped. Look for a loop that never ends (a stopping condition that is never "
              "met), or train for fewer steps.",
        "es": "Tu código no terminó dentro del límite de {seconds} segundos y se detuvo. Busca "
              "un bucle que no termina (una condición de parada que nunca se cumple), o entrena "
              "durante menos pasos.",
    },
    "child_crash": {
        "en": "The process running your code died (exit code {code}), for example killed for "
              "using too much memory. This check earns no more points.",
        "es": "El proceso que ejecutaba tu código murió (código de salida {code}), por ejemplo "
              "por usar demasiada memoria. Esta comprobación no suma más puntos.",
    },
    "child_ended": {
        "en": "Your code ended its process (exit code {code}) before the check finished; do not "
              "call sys.exit or os._exit from models.py.",
        "es": "Tu código terminó su proceso (código de salida {code}) antes de que acabara la "
              "comprobación; no llames a sys.exit ni a os._exit desde models.py.",
    },
    "output_cut": {
        "en": "... {hidden} more lines of your output not shown; the last {tail}:",
        "es": "... {hidden} líneas más de tu salida no se muestran; las últimas {tail}:",
    },
    "missing_output": {
        "en": "The grader did not get the output {name} of your trained model.",
        "es": "El calificador no recibió la salida {name} de tu modelo entrenado.",
    },
    "no_models": {
        "en": "No models.py at {path}: give the path of a models.py, or of a folder holding one.",
        "es": "No hay models.py en {path}: indica la ruta de un models.py o de una carpeta que "
              "lo contenga.",
    },
    "changed_kit_file": {
        "en": "Note: the submission's {name} differs from the kit's; it is ignored, and the "
              "kit's own {name} is used.",
        "es": "Nota: el {name} de la entrega no coincide con el del kit; se ignora y se usa el "
              "{name} del propio kit.",
    },
    "made_package": {
        "en": "Wrote {path} (layout {layout}).",
        "es": "Escrito {path} (distribución {layout}).",
    },
    "no_batch_folder": {
        "en": "{path} is not a folder. --batch takes a folder with one submission per student "
              "(a folder holding models.py, or a .py file).",
        "es": "{path} no es una carpeta. --batch necesita una carpeta con una entrega por "
              "estudiante (una carpeta con models.py, o un archivo .py).",
    },
    "batch_progress": {
        "en": "[{done}/{count}] {student}: {points}/{max_points} ({status}, {seconds} s)",
        "es": "[{done}/{count}] {student}: {points}/{max_points} ({status}, {seconds} s)",
    },
    "batch_written": {
        "en": "Grades written to {path}, with a JSON report per student beside it.",
        "es": "Notas escritas en {path}, con un informe JSON por estudiante al lado.",
    },
    "batch_interrupted": {
        "en": "Interrupted: summary.csv lists the {done} of {count} submissions graded "
              "before Ctrl-C.",
        "es": "Interrumpido: summary.csv lista las {done} de {count} entregas calificadas "
              "antes de Ctrl-C.",
    },
    "batch_one_at_a_time": {
        "en": "Without isolation, submissions are graded one at a time, in this process "
              "(--jobs is ignored).",
        "es": "Sin aislamiento, las entregas se califican de una en una, en este proceso "
              "(se ignora --jobs).",
    },
    "loss_unchanged": {
        "en": "The loss never changed during training (it is still {loss:.6f}): check that "
              "train calls update on every parameter, with the gradients from nn.gradients.",
        "es": "La pérdida no cambió durante el entrenamiento (sigue en {loss:.6f}): comprueba "
              "que train llama a update en cada parámetro, con los gradientes de nn.gradients.",
    },
    "loss_grew": {
        "en": "The loss grew during training, from {initial:.6f} to {loss:.6f}: check the sign "
              "of the update (the multiplier must be minus the learning rate) and try a "
              "smaller learning rate.",
        "es": "La pérdida creció durante el entrenamiento, de {initial:.6f} a {loss:.6f}: "
              "revisa el signo de la actualización (el multiplicador debe ser menos la tasa de "
              "aprendizaje) y prueba una tasa de aprendizaje más pequeña.",
    },
    "last_output": {
        "en": "The last line your code printed: {line}",
        "es": "La última línea que imprimió tu código: {line}",
    },
    "interrupted": {
        "en": "Grading interrupted (Ctrl-C).",
        "es": "Calificación interrumpida (Ctrl-C).",
    },
    "bad_outputs": {
        "en": "The outputs of your trained model could not be scored ({error}); this check "
              "earns no more points.",
        "es": "Las salidas de tu modelo entrenado no se pudieron puntuar ({error}); esta "
              "comprobación no suma más puntos.",
    },
    "grader_error": {
        "en": "The grader failed on this question ({error}); please report it to your "
              "instructor. Grading goes on with the next question.",
        "es": "El calificador falló en esta pregunta ({error}); avisa a tu profesor. La "
              "calificación sigue con la siguiente pregunta.",
    },
    "student_exit": {
        "en": "Your code called sys.exit({code}), which ends the check; do not exit from models.py.",
        "es": "Tu código llamó a sys.exit({code}), lo que termina la comprobación; no salgas "
              "del programa desde models.py.",
    },
    "hint_as_scalar": {
        "en": "Hint: numpy 2.4 and newer refuse float() on a 1x1 array. "
              "Use nn.as_scalar(node) to get the number in a node.",
        "es": "Pista: numpy 2.4 y posteriores no aceptan float() sobre un array 1x1. "
              "Usa nn.as_scalar(nodo) para obtener el número de un nodo.",
    },
    "unknown_question": {
        "en": "There is no question {question} in layout {layout}. Its questions are: {known}",
        "es": "No hay pregunta {question} en la distribución {layout}. Sus preguntas son: {known}",
    },
    "no_display": {
        "en": "No display here, so no windows open: the final picture of each plot is saved "
              "in {folder}, and training progress is printed as text. --no-graphics skips both.",
        "es": "Aquí no hay pantalla, así que no se abren ventanas: la imagen final de cada "
              "gráfico se guarda en {folder}, y el progreso del entrenamiento se muestra como "
              "texto. --no-graphics omite ambas cosas.",
    },
    "no_matplotlib": {
        "en": "matplotlib is not installed, so there are no plots; grading goes on without "
              "them. Install it with: python -m pip install matplotlib",
        "es": "matplotlib no está instalado, así que no hay gráficos; la calificación sigue "
              "sin ellos. Instálalo con: python -m pip install matplotlib",
    },
    # -- how student code is sealed when grading a submission (grading/sealing.py)
    "sealing_bwrap": {
        "en": "Isolation: bwrap. The student's code sees only its own folder, read-only Python "
              "and a private /tmp; no network; its own process namespace; at most {processes} "
              "processes.",
        "es": "Aislamiento: bwrap. El código del estudiante solo ve su carpeta, Python en solo "
              "lectura y un /tmp propio; sin red; su propio espacio de procesos; {processes} "
              "procesos como mucho.",
    },
    "sealing_user": {
        "en": "Isolation: another user. The student's code runs as a user id of its own that "
              "cannot read the kit's data or signal the grader; at most {processes} processes.",
        "es": "Aislamiento: otro usuario. El código del estudiante corre con un usuario propio "
              "que no puede leer los datos del kit ni enviar señales al calificador; "
              "{processes} procesos como mucho.",
    },
    "sealing_process": {
        "en": "Isolation: partial. The student's code runs in a child process as the grader's "
              "user, with an environment that does not lead back to the kit; it could still "
              "read what this user can read, or signal the grader. Why not more: {why}.",
        "es": "Aislamiento: parcial. El código del estudiante corre en un proceso hijo con el "
              "usuario del calificador, con un entorno que no lleva al kit; aún podría leer lo "
              "que este usuario puede leer, o enviar señales al calificador. Por qué no más: "
              "{why}.",
    },
    # -- seeds, attempts and time
    "seed_student": {
        "en": "Seed {seed}: parameters start at random. To repeat this run exactly: "
              "python autograder.py {args}--seed {seed}",
        "es": "Semilla {seed}: los parámetros empiezan al azar. Para repetir esta ejecución "
              "exactamente: python autograder.py {args}--seed {seed}",
    },
    "seed_grading": {
        "en": "Seeds: {seeds}. A question that misses its threshold, diverges or runs out of "
              "time is tried again with the next seed, up to {attempts} attempts; the best "
              "attempt counts.",
        "es": "Semillas: {seeds}. Una pregunta que no llega al umbral, diverge o se queda sin "
              "tiempo se vuelve a intentar con la semilla siguiente, hasta {attempts} intentos; "
              "cuenta el mejor.",
    },
    "bad_attempts": {
        "en": "--attempts must be 1 or more, not {attempts}.",
        "es": "--attempts debe ser 1 o más, no {attempts}.",
    },
    "attempt_start": {
        "en": "Attempt {number} of {attempts}, seed {seed}:",
        "es": "Intento {number} de {attempts}, semilla {seed}:",
    },
    "attempt_result": {
        "en": "Attempt {number}: seed {seed}, {result}, {points}/{max_points} points, "
              "{seconds:.1f} s of {limit:.0f} s",
        "es": "Intento {number}: semilla {seed}, {result}, {points}/{max_points} puntos, "
              "{seconds:.1f} s de {limit:.0f} s",
    },
    "attempt_result_no_limit": {
        "en": "Attempt {number}: seed {seed}, {result}, {points}/{max_points} points, "
              "{seconds:.1f} s (no limit without isolation)",
        "es": "Intento {number}: semilla {seed}, {result}, {points}/{max_points} puntos, "
              "{seconds:.1f} s (sin límite cuando no hay aislamiento)",
    },
    "time_used": {
        "en": "Time: {seconds:.1f} s of the {limit:.0f} s limit",
        "es": "Tiempo: {seconds:.1f} s del límite de {limit:.0f} s",
    },
    "time_used_no_limit": {
        "en": "Time: {seconds:.1f} s (no limit without isolation)",
        "es": "Tiempo: {seconds:.1f} s (sin límite cuando no hay aislamiento)",
    },
    "result_passed": {"en": "passed", "es": "superada"},
    "result_threshold": {"en": "threshold missed", "es": "umbral no alcanzado"},
    "result_diverged": {"en": "diverged", "es": "divergió"},
    "result_timeout": {"en": "out of time", "es": "sin tiempo"},
    "result_failed": {"en": "a check failed", "es": "falló una comprobación"},
    "result_error": {"en": "exception", "es": "excepción"},
    "result_crash": {"en": "process ended", "es": "el proceso terminó"},
    "retry": {
        "en": "This can happen by chance (parameters start at random): trying again with "
              "seed {seed}.",
        "es": "Esto puede pasar por azar (los parámetros empiezan al azar): se vuelve a "
              "intentar con la semilla {seed}.",
    },
    "retry_student": {
        "en": "This can happen by chance (parameters start at random). Run the autograder "
              "again: each run draws a new seed. When grading, a question is tried {attempts} "
              "times with different seeds and the best attempt counts. If it fails twice in a "
              "row, explore other architectures or learning rates.",
        "es": "Esto puede pasar por azar (los parámetros empiezan al azar). Vuelve a ejecutar "
              "el autocalificador: cada ejecución usa una semilla nueva. Al calificar, cada "
              "pregunta se intenta {attempts} veces con semillas distintas y cuenta el mejor "
              "intento. Si falla dos veces seguidas, explora otras arquitecturas o tasas de "
              "aprendizaje.",
    },
    "no_time_left": {
        "en": "No time is left in this submission's time budget ({budget:.0f} s) for another "
              "attempt.",
        "es": "No queda tiempo en el presupuesto de esta entrega ({budget:.0f} s) para otro "
              "intento.",
    },
    "timeout_progress": {
        "en": "When it was stopped, training had started pass {passes} over the data and "
              "drawn {batches} batches in all.",
        "es": "Cuando se detuvo, el entrenamiento había empezado la pasada {passes} sobre los "
              "datos y había tomado {batches} lotes en total.",
    },
    "timeout_validation": {
        "en": "The last validation accuracy it computed was {accuracy:.2%}.",
        "es": "La última precisión de validación que calculó fue {accuracy:.2%}.",
    },
    "timeout_no_progress": {
        "en": "When it was stopped, training had not drawn a single batch from the dataset.",
        "es": "Cuando se detuvo, el entrenamiento no había tomado ni un lote del conjunto de "
              "datos.",
    },
    "validation_accuracy": {
        "en": "Validation accuracy of your trained model: {accuracy:.2%}",
        "es": "Precisión de validación de tu modelo entrenado: {accuracy:.2%}",
    },
    "near_miss": {
        "en": "Test accuracy missed {threshold:.0%} by less than a point while validation "
              "accuracy ({validation:.2%}) was above it: the two sets differ a little, and "
              "chance decided. Leave a margin: stop training when validation accuracy reaches "
              "{margin:.1%}, say, not {threshold:.0%}.",
        "es": "La precisión de test se quedó a menos de un punto del {threshold:.0%} mientras la "
              "de validación ({validation:.2%}) lo superaba: los dos conjuntos difieren un poco, "
              "y decidió el azar. Deja un margen: deja de entrenar cuando la precisión de "
              "validación llegue, por ejemplo, al {margin:.1%}, no al {threshold:.0%}.",
    },
    "regression_near_miss": {
        "en": "The loss missed {threshold} by little. If train stops on a running average of "
              "the batch losses, stop on the loss of the whole dataset instead (one "
              "nn.SquareLoss on nn.Constant(dataset.x)), or leave a margin (e.g. {margin}).",
        "es": "La pérdida se quedó cerca de {threshold}. Si train para según una media de las "
              "pérdidas de los lotes, para mejor según la pérdida de todo el conjunto (un "
              "nn.SquareLoss sobre nn.Constant(dataset.x)), o deja un margen (por ejemplo "
              "{margin}).",
    },
    # -- --check-dependencies
    "deps_versions": {
        "en": "Python {python}, numpy {numpy}, matplotlib {matplotlib} (backend: {backend})",
        "es": "Python {python}, numpy {numpy}, matplotlib {matplotlib} (backend: {backend})",
    },
    "deps_window": {
        "en": "A window shows a line segment turning about the origin for a few seconds.",
        "es": "Una ventana muestra un segmento que gira alrededor del origen durante unos segundos.",
    },
    "deps_no_window": {
        "en": "No display is available, so no window opens (with a display you would see a "
              "line segment turning about the origin). The kit works all the same: grading "
              "saves the final picture of each plot as a PNG and prints progress as text.",
        "es": "No hay pantalla disponible, así que no se abre ninguna ventana (con pantalla "
              "verías un segmento girando alrededor del origen). El kit funciona igual: al "
              "calificar se guarda la imagen final de cada gráfico como PNG y el progreso se "
              "muestra como texto.",
    },
    "deps_missing": {
        "en": "{package} is not installed. Install it with: python -m pip install {package}",
        "es": "{package} no está instalado. Instálalo con: python -m pip install {package}",
    },
    "deps_old": {
        "en": "{package} {version} is too old: the kit needs {minimum} or newer. Install a newer "
              "one (python -m pip install --upgrade {package} for a package).",
        "es": "{package} {version} es demasiado antiguo: el kit necesita {minimum} o posterior. "
              "Instala uno más reciente (python -m pip install --upgrade {package} si es un "
              "paquete).",
    },
    "deps_no_sums": {
        "en": "data/SHA256SUMS is missing, so the data files cannot be checked: restore the "
              "kit's data/ folder (unpack the kit again).",
        "es": "Falta data/SHA256SUMS, así que no se pueden comprobar los datos: recupera la "
              "carpeta data/ del kit (vuelve a descomprimirlo).",
    },
    "deps_data_ok": {
        "en": "data/{name} is present and intact.",
        "es": "data/{name} está presente e intacto.",
    },
    "deps_data_missing": {
        "en": "data/{name} is missing: restore the kit's data/ folder (unpack the kit again).",
        "es": "Falta data/{name}: recupera la carpeta data/ del kit (vuelve a descomprimirlo).",
    },
    "deps_data_changed": {
        "en": "data/{name} is damaged or changed (its checksum differs): restore it from the "
              "kit (unpack the kit again).",
        "es": "data/{name} está dañado o modificado (su suma de comprobación no coincide): "
              "recupéralo del kit (vuelve a descomprimirlo).",
    },
    "deps_problems": {
        "en": "{count} problem(s) to fix:",
        "es": "{count} problema(s) que resolver:",
    },
    "deps_ok": {
        "en": "Everything the kit needs is installed and intact.",
        "es": "Todo lo que el kit necesita está instalado e intacto.",
    },
}
